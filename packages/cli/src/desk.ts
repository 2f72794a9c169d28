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
  return buildDir('@support-engine/desk', '../desk/', 'index.html');
}

/**
 * The widget's built files (the loader and the frame), served by the API under `/widget`: found
 * as the desk's are (packages/widget's `build`, else the CLI package's `widget/` copy).
 */
export function widgetBuildDir(): string | undefined {
  return buildDir('@support-engine/widget', '../widget/', 'loader.js');
}

/** The workspace's build of `name`, else the CLI package's copy at `shipped`: the first holding `marker`. */
function buildDir(name: string, shipped: string, marker: string): string | undefined {
  return [workspaceBuild(name), fileURLToPath(new URL(shipped, import.meta.url))].find(
    (dir) => dir !== undefined && existsSync(join(dir, marker)),
  );
}

/** A private workspace's `build` folder, when it is installed beside the CLI (the workspace). */
function workspaceBuild(name: string): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), 'build');
  } catch {
    return undefined;
  }
}
