import type { FastifyRequest } from 'fastify';
import { UPLOAD_PATH } from './attachments/service.js';

/**
 * A request as its log lines show it: fastify's usual fields, with an upload URL's signed grant
 * left out. The URL is a credential (whoever holds it may upload, until it is spent or expires)
 * and the grant names the uploader and the file: neither belongs in a log.
 */
export function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: withoutGrant(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** The folder of upload URLs (`uploads`), whose next segment is the grant. */
const GRANT_FOLDER = UPLOAD_PATH.split('/').at(-2) ?? 'uploads';
/**
 * The folder of upload URLs as a segment of a decoded path, whatever its case and however many
 * slashes around it: the router decodes `%75ploads` to `uploads`, and a path it does not route
 * (`//ATTACHMENTS/uploads/...`) may still hold a grant someone copied.
 */
const GRANT_AFTER = new RegExp(`^(.*?/${GRANT_FOLDER}/+)`, 'i');

/**
 * `url` with the grant of an upload URL replaced by `<grant>`: the path is matched once
 * percent-decoded, as the router reads it, and everything after its `uploads/` goes; such a path
 * is logged decoded (`/attachments/%75ploads/...` as `/attachments/uploads/<grant>`). Any other
 * URL is logged as it came.
 */
export function withoutGrant(url: string): string {
  const end = url.search(/[?#]/);
  const [path, rest] = end === -1 ? [url, ''] : [url.slice(0, end), url.slice(end)];
  const kept = GRANT_AFTER.exec(percentDecoded(path))?.[1];
  return kept === undefined ? url : `${kept}<grant>${rest}`;
}

/** `text` with each run of percent-escapes decoded, a run that is no UTF-8 left as it is. */
function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
