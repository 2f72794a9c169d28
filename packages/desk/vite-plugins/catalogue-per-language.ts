import type { Plugin } from 'vite';

/** The merged catalogue of each language: `src/lib/i18n/<language>.ts`. */
const MERGED = /[/\\]src[/\\]lib[/\\]i18n[/\\](en|fr)\.ts$/;
/** An area's file as one language's merged catalogue imports it (the query this plugin adds). */
const AREA_IN = /[/\\]src[/\\]lib[/\\]i18n[/\\]messages[/\\][^/\\]+\.ts\?language=(\w+)$/;

/**
 * One chunk per language for the desk's messages. Each area's file
 * (`src/lib/i18n/messages/<area>.ts`) gives its English (`export const en`) and French (`export
 * const fr`) side by side, so whoever adds a key adds both in one place; `en.ts` merges the areas'
 * `en` and `fr.ts` their `fr`, and the desk imports the one of its user's language. Shared by both
 * merged catalogues, an area's file would be one module holding both languages, in a chunk that
 * every user loads. Here each merged catalogue gets the areas as modules of its own language
 * (`<area>.ts?language=fr`) keeping only that language's export, so French strings are in the
 * French chunk alone. Tests and the typecheck see the files as they are.
 */
export function cataloguePerLanguage(): Plugin[] {
  return [
    {
      name: 'desk:catalogue-per-language:resolve',
      // Before Vite's own resolution, which would make both catalogues import the same module.
      enforce: 'pre',
      async resolveId(source, importer, options) {
        const language = importer === undefined ? undefined : MERGED.exec(importer)?.[1];
        if (language === undefined || !source.startsWith('./messages/')) return null;
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
        return resolved === null ? null : { ...resolved, id: `${resolved.id}?language=${language}` };
      },
    },
    {
      name: 'desk:catalogue-per-language:keep',
      // A normal plugin: its transform gets the file as JavaScript, after Vite removed the types.
      transform(code, id) {
        const language = AREA_IN.exec(id)?.[1];
        if (language === undefined) return null;
        const others: { start: number; end: number }[] = [];
        let kept = false;
        for (const statement of this.parse(code).body) {
          if (statement.type !== 'ExportNamedDeclaration' || statement.declaration?.type !== 'VariableDeclaration')
            continue;
          const [declarator] = statement.declaration.declarations;
          const name = declarator?.id.type === 'Identifier' ? declarator.id.name : undefined;
          if (name === language) kept = true;
          else others.push({ start: statement.start, end: statement.end });
        }
        if (!kept) this.error(`${id} exports no \`${language}\`: each area's file gives every language`);
        let only = code;
        for (const { start, end } of others.reverse()) only = only.slice(0, start) + only.slice(end);
        return { code: only, map: null };
      },
    },
  ];
}
