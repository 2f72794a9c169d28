/** Test support (not a test file): a receiver that answers at once and then drips its body. */
import type { IncomingMessage, RequestListener } from 'node:http';

/**
 * A request handler that notes each request, answers `status` at once and then sends its body a
 * byte every 100 ms for `forMs`: a socket that never goes idle, so only a deadline on the whole
 * send ends it.
 */
export function drippingAnswer(
  status: number,
  forMs: number,
  onRequest: (request: IncomingMessage) => void,
): RequestListener {
  return (request, response) => {
    onRequest(request);
    request.resume();
    response.writeHead(status);
    const drip = setInterval(() => response.write('.'), 100);
    setTimeout(() => {
      clearInterval(drip);
      response.end();
    }, forMs);
  };
}
