import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** A text answered as is, or compressed once ahead of time in the encodings a browser accepts. */
export interface EncodedPage {
  readonly identity: string;
  readonly br: Buffer;
  readonly gzip: Buffer;
}

/** Compresses `text` once (the desk's page is built when the API starts, then answered as is). */
export function encodePage(text: string): EncodedPage {
  return {
    identity: text,
    br: brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }),
    gzip: gzipSync(text, { level: 9 }),
  };
}

/**
 * The encoding to answer with for an `Accept-Encoding` header: brotli, then gzip, when listed with a
 * quality above zero (`*` counts as gzip, as @fastify/static reads it); `identity` otherwise.
 */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  if (acceptEncoding === undefined) return 'identity';
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...parameters] = part.split(';').map((piece) => piece.trim());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    accepted.add(name === '*' ? 'gzip' : name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return 'identity';
}
