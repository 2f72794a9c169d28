/** A part of a message that may be shown inside its HTML: an attachment with its Content-ID. */
export interface InlinePart {
  /** The part's Content-ID, with or without its angle brackets; absent for a plain attachment. */
  readonly contentId?: string | null | undefined;
}

/** The `cid:` images of a message's HTML, resolved to its parts. */
export interface InlineImages<Part extends InlinePart> {
  /** Each referenced image found among the parts, once, in the order the HTML first shows it. */
  readonly images: readonly { readonly cid: string; readonly part: Part }[];
  /** The Content-IDs the HTML references that no part carries (the image cannot be shown). */
  readonly missing: readonly string[];
  /** The HTML with each resolved `cid:` reference replaced by `src(part)`; unchanged without `src`. */
  readonly html: string;
}

/**
 * Resolves the `cid:` references of `html` (`<img src="cid:…">`, also in `background` and CSS
 * `url(cid:…)`) to the message's inline parts by Content-ID, so the desk can show each image in
 * place. Content-IDs compare without angle brackets, case-insensitively, percent-decoded as RFC
 * 2392 writes them in URLs; a reference no part carries is reported in `missing`, never thrown.
 */
export function inlineImages<Part extends InlinePart>(
  html: string,
  parts: readonly Part[],
  src?: (part: Part) => string,
): InlineImages<Part> {
  const byCid = new Map<string, Part>();
  for (const part of parts) {
    if (part.contentId) byCid.set(contentIdKey(part.contentId), part);
  }
  const images: { cid: string; part: Part }[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const replaced = html.replace(CID_REFERENCE, (whole, raw: string) => {
    const cid = contentIdKey(raw);
    const part = byCid.get(cid);
    if (!seen.has(cid)) {
      seen.add(cid);
      if (part) images.push({ cid, part });
      else missing.push(cid);
    }
    return part && src ? src(part) : whole;
  });
  return { images, missing, html: replaced };
}

/** A `cid:` URL as HTML writes it: up to a quote, a parenthesis, white space or a tag's end. */
const CID_REFERENCE = /cid:([^"'\s()<>]{1,998})/gi;

/** A Content-ID as a key: without angle brackets, percent-decoded, lower-case (a `cid:` URL's, or a part's). */
export function contentIdKey(contentId: string): string {
  const bare = contentId.trim().replace(/^<|>$/g, '');
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // A malformed escape: the Content-ID is compared as written.
  }
  return decoded.toLowerCase();
}
