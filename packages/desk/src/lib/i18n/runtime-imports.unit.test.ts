import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The desk fetches its user's language only (catalogue.ts). A file the browser runs that imports
// a value of en.ts, fr.ts or index.ts (all of them hold a whole catalogue) would put that
// catalogue into its chunk, loaded by every user whatever their language: such a file asks
// `hasMessage(key)` and `t()` instead. Types (`import type`) cost nothing.

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const CATALOGUES = ['en.ts', 'fr.ts', 'index.ts'].map((name) => join(SRC, 'lib/i18n', name));
// Tests and the files that are the catalogues (or load them) may.
const ALLOWED = /\.(unit\.test|fixture)\.ts$|^lib\/i18n\/(en|fr|index|catalogue)\.ts$/;

/** The file `from` names, imported by `file` (`undefined`: a package). */
function target(from: string, file: string): string | undefined {
  const path = from.startsWith('$lib/')
    ? join(SRC, 'lib', from.slice('$lib/'.length))
    : from.startsWith('.')
      ? join(dirname(file), from)
      : undefined;
  return path === undefined || path.endsWith('.ts') ? path : `${path}.ts`;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(entry.name) ? [path] : [];
  });
}

describe("the desk's runtime files", () => {
  it('import no catalogue for its values, only its types', () => {
    const offending: string[] = [];
    for (const path of sources(SRC)) {
      const name = relative(SRC, path);
      if (ALLOWED.test(name)) continue;
      for (const [statement, imported = '', from = ''] of readFileSync(path, 'utf8').matchAll(
        /\bimport\s+([^;]*?)\s+from\s+'([^']+)'/g,
      ))
        if (CATALOGUES.includes(target(from, path) ?? '') && !/^type\s/.test(imported))
          offending.push(`${name}: ${statement}`);
    }
    expect(offending).toEqual([]);
  });

  it('are checked at all: the files that load the catalogues are found', () => {
    const names = sources(SRC).map((path) => relative(SRC, path));
    expect(names).toContain('lib/i18n/catalogue.ts');
    expect(names).toContain('routes/+layout.ts');
  });
});
