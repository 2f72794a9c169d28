#!/usr/bin/env node
// Opt-in (`npm run setup -- --temporal-server`): builds the full Temporal server and its SQL
// schema tool from the server's Go module into the git-ignored .tools/temporal-server/bin, the
// Temporal Web UI server (its pages embedded) into .tools/temporal-server/ui/bin, and copies the
// module's PostgreSQL schemas beside them, for running the engine on a real Temporal
// cluster with PostgreSQL persistence instead of the dev server (SQLite, one writer). Never part
// of the default install: the build takes about 10 minutes and 1.8 GB of Go module cache on two
// cores. v1.30.4 is the last release whose go.mod accepts this machine's Go (1.26); later ones
// ask for a newer toolchain. Idempotent and quiet when everything is already in place.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = 'v1.30.4';
const MODULE = 'go.temporal.io/server';
const PACKAGES = [`${MODULE}/cmd/server@${VERSION}`, `${MODULE}/cmd/tools/sql@${VERSION}`];
// The Web UI server, its built pages embedded: the last release whose go.mod accepts Go 1.26.8.
const UI = 'github.com/temporalio/ui-server/v2/cmd/server@v2.55.0';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const home = join(root, '.tools', 'temporal-server');
const bin = join(home, 'bin');
const schema = join(home, 'schema');
// Its binary is also named `server`, so it gets a folder of its own.
const uiBin = join(home, 'ui', 'bin');
const binaries = [...['server', 'sql'].map((name) => join(bin, name)), join(uiBin, 'server')];

if (binaries.every((binary) => existsSync(binary)) && existsSync(schema)) {
  console.log(`setup: Temporal server ${VERSION} ready (${bin})`);
  process.exit(0);
}

const go = spawnSync('go', ['version'], { encoding: 'utf8' });
if (go.status !== 0) fail(`Go is not installed or not on PATH (${go.error?.message ?? `exit ${go.status}`}).`);

const started = Date.now();
mkdirSync(bin, { recursive: true });
console.log(`setup: building the Temporal server ${VERSION} with ${go.stdout.trim()} (about 10 minutes cold) …`);
const env = { ...process.env, GOFLAGS: [process.env.GOFLAGS, '-trimpath'].filter(Boolean).join(' ') };
for (const [packages, into] of [
  [PACKAGES, bin],
  [[UI], uiBin],
]) {
  mkdirSync(into, { recursive: true });
  const build = spawnSync('go', ['install', ...packages], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...env, GOBIN: into },
  });
  if (build.status !== 0) {
    const output = `${build.stdout ?? ''}${build.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    if (output) console.error(output);
    fail(
      `go install ${packages.join(' ')} failed (${build.error?.message ?? `exit ${build.status}`}); it needs the Go module proxy (GOPROXY).`,
    );
  }
}
if (!binaries.every((binary) => existsSync(binary))) fail(`the build left no binaries in ${home}`);

// The schema files ship in the module's source, which the build left in the module cache.
const modcache = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout.trim();
const source = join(modcache, `${MODULE}@${VERSION}`, 'schema', 'postgresql');
if (!existsSync(source)) fail(`the module's PostgreSQL schemas are not at ${source}`);
cpSync(source, schema, { recursive: true });
writable(schema);
console.log(
  `setup: built the Temporal server, its schema tool and its Web UI server into ${home} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);

// The module cache is read-only; the copies must not be, or `rm -rf .tools` fails for non-root users.
function writable(path) {
  chmodSync(path, 0o755);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) writable(child);
    else chmodSync(child, 0o644);
  }
}

function fail(message) {
  console.error(`setup: could not build the Temporal server. ${message}`);
  process.exit(1);
}
