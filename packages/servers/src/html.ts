import escapeHtml from 'escape-html';

/** A complete HTML document around `body`; the title is escaped here, the body must already be. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem}article{border:1px solid #ccc;border-radius:6px;padding:.75rem;margin:.75rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .75rem;margin:0 0 .5rem}dt{color:#555}dd{margin:0}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem;margin:.25rem 0}iframe{width:100%;min-height:12rem;border:1px solid #ddd}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

/** A definition list of label/value pairs, every value escaped. */
export function fields(entries: ReadonlyArray<readonly [string, string]>): string {
  return `<dl>${entries.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

export { escapeHtml };
