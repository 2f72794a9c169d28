// Builds the desk and the widget and copies their builds into the CLI's package
// (`packages/cli/desk` and `packages/cli/widget`, in its `files`): both are private workspaces,
// never published, so the CLI ships them and serves them from there (packages/cli/src/desk.ts).
// Run by the CLI's `prepack`, and by the Dockerfile.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
/** Each front end shipped: its workspace, the file its build must hold, where the CLI keeps it. */
const FRONT_ENDS = [
  { name: '@support-engine/desk', folder: 'desk', marker: 'index.html' },
  { name: '@support-engine/widget', folder: 'widget', marker: 'loader.js' },
];

for (const { name, folder, marker } of FRONT_ENDS) {
  const build = fileURLToPath(new URL(`../packages/${folder}/build/`, import.meta.url));
  const shipped = fileURLToPath(new URL(`../packages/cli/${folder}/`, import.meta.url));
  // With SUPPORT_DESK_BUILT=1 the builds are taken as they are: the end-to-end run built them from
  // these sources before any file started (vitest.desk-build.ts), and building again would rewrite
  // the folders the browser tests running beside the packaging test are served from.
  if (process.env.SUPPORT_DESK_BUILT !== '1') {
    // npm hands its own command's settings to scripts as npm_config_* variables (`npm pack
    // --workspace ...`, `--dry-run`): the build runs without them. Its output goes to stderr, since
    // `npm pack --json` answers on stdout.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_config_')));
    execFileSync('npm', ['run', 'build', '--silent', '--workspace', name], { cwd: root, env, stdio: ['ignore', 2, 2] });
  }
  if (!existsSync(`${build}${marker}`)) throw new Error(`${name}'s build has no ${marker}: ${build}`);
  rmSync(shipped, { recursive: true, force: true });
  cpSync(build, shipped, { recursive: true });
}
