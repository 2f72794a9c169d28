// Builds the desk and copies the build into the CLI's package (`packages/cli/desk`, in its
// `files`): the desk is a private workspace, never published, so the CLI ships it and serves it
// from there (packages/cli/src/desk.ts). Run by the CLI's `prepack`, and by the Dockerfile.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const build = fileURLToPath(new URL('../packages/desk/build/', import.meta.url));
const shipped = fileURLToPath(new URL('../packages/cli/desk/', import.meta.url));

// With SUPPORT_DESK_BUILT=1 the build is taken as it is: the end-to-end run built it from these
// sources before any file started (vitest.desk-build.ts), and building again would rewrite the
// folder the browser tests running beside the packaging test are served from.
if (process.env.SUPPORT_DESK_BUILT !== '1') {
  // npm hands its own command's settings to scripts as npm_config_* variables (`npm pack
  // --workspace ...`, `--dry-run`): the build runs without them. Its output goes to stderr, since
  // `npm pack --json` answers on stdout.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_config_')));
  execFileSync('npm', ['run', 'build', '--silent', '--workspace', '@support-engine/desk'], {
    cwd: root,
    env,
    stdio: ['ignore', 2, 2],
  });
}
if (!existsSync(`${build}index.html`)) throw new Error(`the desk's build has no index.html: ${build}`);
rmSync(shipped, { recursive: true, force: true });
cpSync(build, shipped, { recursive: true });
