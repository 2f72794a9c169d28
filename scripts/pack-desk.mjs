// Builds the front ends (the desk, the widget, the help center) and copies their builds into the
// CLI's package (`packages/cli/desk`, `packages/cli/widget`, `packages/cli/help-center`, in its
// `files`): they are private workspaces, never published, so the CLI ships them and serves them
// from there (packages/cli/src/desk.ts, help-center.ts). Run by the CLI's `prepack`, and by the
// Dockerfile.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const path = (relative) => fileURLToPath(new URL(`../${relative}`, import.meta.url));
// Each workspace, its build folder, where the CLI's package carries it, and the file a build has.
const SHIPPED = [
  {
    workspace: '@support-engine/desk',
    build: path('packages/desk/build/'),
    shipped: path('packages/cli/desk/'),
    marker: 'index.html',
  },
  {
    workspace: '@support-engine/widget',
    build: path('packages/widget/build/'),
    shipped: path('packages/cli/widget/'),
    marker: 'loader.js',
  },
  {
    workspace: '@support-engine/help-center',
    build: path('packages/help-center/build/'),
    shipped: path('packages/cli/help-center/'),
    marker: 'handler.js',
  },
];

for (const { workspace, build, shipped, marker } of SHIPPED) {
  // With SUPPORT_DESK_BUILT=1 the builds are taken as they are: the end-to-end run built them from
  // these sources before any file started (vitest.desk-build.ts), and building again would rewrite
  // the folders the browser tests running beside the packaging test are served from.
  if (process.env.SUPPORT_DESK_BUILT !== '1') {
    // npm hands its own command's settings to scripts as npm_config_* variables (`npm pack
    // --workspace ...`, `--dry-run`): the build runs without them. Its output goes to stderr, since
    // `npm pack --json` answers on stdout.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_config_')));
    execFileSync('npm', ['run', 'build', '--silent', '--workspace', workspace], {
      cwd: root,
      env,
      stdio: ['ignore', 2, 2],
    });
  }
  if (!existsSync(`${build}${marker}`)) throw new Error(`${workspace}'s build has no ${marker}: ${build}`);
  rmSync(shipped, { recursive: true, force: true });
  cpSync(build, shipped, { recursive: true });
}
