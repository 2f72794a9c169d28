// Removes from the package's `dist/` what no source of its `src/` compiles to any more (a module
// moved or deleted since the last build), so a package packed from a working checkout ships no
// stale module. Only such orphans go: the current build stays in place for whatever runs it.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const dist = join(process.cwd(), 'dist');
const src = join(process.cwd(), 'src');
const OUTPUT = /\.(d\.ts\.map|d\.ts|js\.map|js)$/;

for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !OUTPUT.test(entry.name)) continue;
  const path = join(entry.parentPath, entry.name);
  const source = join(src, relative(dist, path).replace(OUTPUT, '.ts'));
  if (!existsSync(source)) rmSync(path);
}
