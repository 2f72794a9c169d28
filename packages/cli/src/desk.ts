import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The desk's built files (packages/desk's `build` folder), when the desk is installed beside the
 * CLI (as in this repository's workspace) and built (`npm run build`, which `npm start` runs
 * first); `undefined` otherwise, and the API then serves no `/desk`.
 */
export function deskBuildDir(): string | undefined {
  let packageFile: string;
  try {
    packageFile = createRequire(import.meta.url).resolve('@support-engine/desk/package.json');
  } catch {
    return undefined;
  }
  const dir = join(dirname(packageFile), 'build');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}
