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

/** `url` with the grant of an upload URL replaced by `<grant>`. */
export function withoutGrant(url: string): string {
  return url.startsWith(UPLOAD_PATH) ? url.replace(/^([^?#]*\/uploads\/)[^/?#]*/, '$1<grant>') : url;
}
