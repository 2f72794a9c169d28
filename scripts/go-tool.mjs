// Builds a server the tests run from its Go module into the git-ignored .tools/<name>/bin, for the
// setup-*.mjs scripts. A build from source because the Go module proxy is reachable where GitHub
// release downloads may not be; Go's module and build caches stay at their defaults, so a rebuild
// after `rm -rf .tools` is fast. Idempotent and quiet when the binary is already in place or the
// override variable points elsewhere.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Installs `module` (`path/cmd/name@version`) with `go install` into `.tools/<folder>/bin/<file>`,
 * unless `process.env[override]` is set or the binary exists; exits the process with 1 and a
 * message saying what to do when it cannot.
 *
 * @param {{ what: string, tool: string, module: string, folder: string, file: string, override: string, needs: string, coldBuild: string }} spec
 *   `what` names the server in messages ("S3 server"), `tool` the program ("versitygw"), `needs`
 *   what the build requires besides the module proxy ("Go 1.25 or newer (versitygw v1.8.0 go.mod)"),
 *   `coldBuild` how long a build on a cold Go cache takes ("a minute or two").
 */
export function installGoTool(spec) {
  const bin = join(root, '.tools', spec.folder, 'bin');
  const binary = join(bin, spec.file);
  const fail = (message) => {
    console.error(`setup: could not build the ${spec.what} (${spec.tool}).\n  ${message}`);
    process.exit(1);
  };

  if (process.env[spec.override]) {
    console.log(`setup: ${spec.what} from ${spec.override}=${process.env[spec.override]}`);
    return;
  }
  if (existsSync(binary)) {
    console.log(`setup: ${spec.what} ready (${binary})`);
    return;
  }

  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    fail(
      `Go is not installed or not on PATH (${go.error?.message ?? `go version exited with ${go.status}`}).\n` +
        `  Install Go (https://go.dev/dl/), or set ${spec.override} to an existing ${spec.tool} binary.`,
    );
  }

  const started = Date.now();
  mkdirSync(bin, { recursive: true });
  console.log(`setup: building ${spec.module} with ${go.stdout.trim()} (${spec.coldBuild} on a cold Go cache) …`);
  // Go's "downloading …" lines are noise when all goes well: keep them for the failure message.
  // -trimpath keeps this machine's paths out of the binary; GOFLAGS from the environment stays.
  const build = spawnSync('go', ['install', spec.module], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GOBIN: bin, GOFLAGS: [process.env.GOFLAGS, '-trimpath'].filter(Boolean).join(' ') },
  });
  if (build.status !== 0 || !existsSync(binary)) {
    const output = `${build.stdout ?? ''}${build.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    if (output) console.error(output);
    fail(
      `go install ${spec.module} failed (${build.error?.message ?? `exit ${build.status}`}).\n` +
        `  It needs the Go module proxy (GOPROXY) and ${spec.needs};\n` +
        `  or set ${spec.override} to an existing ${spec.tool} binary.`,
    );
  }
  console.log(`setup: built ${binary} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
