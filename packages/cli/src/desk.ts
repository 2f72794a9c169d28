import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The desk's built files, served by the API under `/desk`: in this repository's workspace, the
 * desk's own `build` folder (`npm run build`, which `npm start` runs first); in an installation of
 * the published packages, the copy the CLI's package carries (`desk/`, made by its `prepack`: the
 * desk itself is never published). The first of them holding an `index.html`; `undefined` when
 * neither does, and the API then serves no `/desk`.
 */
export function deskBuildDir(): string | undefined {
  return [workspaceBuild(), fileURLToPath(new URL('../desk/', import.meta.url))].find(
    (dir) => dir !== undefined && existsSync(join(dir, 'index.html')),
  );
}

/** packages/desk's `build` folder, when the desk is installed beside the CLI (the workspace). */
function workspaceBuild(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@support-engine/desk/package.json')), 'build');
  } catch {
    return undefined;
  }
}
