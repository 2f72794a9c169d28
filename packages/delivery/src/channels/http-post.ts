import http from 'node:http';
import https from 'node:https';
import type { SendResult } from '../dispatcher.js';
import { AddressNotAllowedError } from '../ssrf.js';

// A response body is read only to free the socket; nothing past this is kept.
const MAX_ERROR_BODY = 500;

/**
 * POSTs `body` and reports how it went: a 2xx is delivered; another status fails (permanently
 * when `permanent(status)` says so); no full answer within `timeoutMs` is a timeout. The
 * deadline covers the whole send, not an idle socket: a receiver dripping its answer would
 * otherwise keep the send open past its lease, and the delivery would go out again meanwhile.
 */
export function postWithDeadline(
  url: URL,
  body: string | Buffer,
  headers: Record<string, string | number>,
  agent: http.Agent | undefined,
  timeoutMs: number,
  permanent: (status: number) => boolean = () => false,
): Promise<SendResult> {
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve) => {
    let settled = false;
    let deadline: NodeJS.Timeout | undefined;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    let req: http.ClientRequest;
    try {
      req = request(url, { method: 'POST', headers, ...(agent ? { agent } : {}) }, (res) => {
        const status = res.statusCode ?? 0;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < MAX_ERROR_BODY) text += chunk;
        });
        res.on('end', () => {
          if (status >= 200 && status < 300) finish({ ok: true, statusCode: status });
          else
            finish({
              ok: false,
              outcome: 'failed',
              statusCode: status,
              error: `HTTP ${status}${text ? `: ${text.slice(0, MAX_ERROR_BODY)}` : ''}`,
              permanent: permanent(status),
            });
        });
        res.on('error', (error) => finish(failure(error)));
      });
    } catch (error) {
      // Refused before any request (a header Node will not send): the same request would be refused again.
      finish(refused(`the request could not be made: ${(error as Error).message}`));
      return;
    }
    deadline = setTimeout(() => {
      finish(failure(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { timeout: true })));
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => finish(failure(error)));
    req.end(body);
  });
}

/** A send refused before any request (the address, the endpoint, the scheme): permanent. */
export function refused(error: string): SendResult {
  return { ok: false, outcome: 'refused', statusCode: null, error, permanent: true };
}

function failure(error: Error & { timeout?: boolean }): SendResult {
  if (error instanceof AddressNotAllowedError) return refused(error.message);
  return {
    ok: false,
    outcome: error.timeout ? 'timeout' : 'failed',
    statusCode: null,
    error: error.message,
    permanent: false,
  };
}
