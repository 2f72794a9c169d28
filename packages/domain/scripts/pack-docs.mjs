// Copies the project's documentation into the package being packed (its docs folder), with the
// project's README beside it as engine.md, and points the links between them at the copies: inside
// node_modules, `../README.md` is this package's own README, which has none of the project's sections.
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');
const docs = join(import.meta.dirname, '../docs');

rmSync(docs, { recursive: true, force: true });
cpSync(join(root, 'docs'), docs, { recursive: true });
for (const name of readdirSync(docs).filter((file) => file.endsWith('.md'))) {
  const path = join(docs, name);
  writeFileSync(path, readFileSync(path, 'utf8').replaceAll('](../README.md', '](engine.md'));
}
const readme = readFileSync(join(root, 'README.md'), 'utf8')
  .replaceAll('](docs/', '](')
  .replaceAll('](LICENSE)', '](../LICENSE)');
writeFileSync(join(docs, 'engine.md'), readme);
