import { AddressNotAllowedError, assertDeliverableUrl } from '@support-engine/delivery';
import { ApiError } from '../errors/codes.js';

/**
 * Refuses a push subscription whose endpoint leads to a private, loopback or link-local address
 * (`PUSH_ENDPOINT_NOT_ALLOWED`) unless the deployment allows them (`PUSH_ALLOW_PRIVATE`): the
 * endpoint is a URL the customer chose, and the worker would POST to it. A host that does not
 * resolve from here is accepted: push services are public, and every send checks again the
 * address it connects to.
 */
export async function assertPushEndpoint(endpoint: string, allowPrivate: boolean): Promise<void> {
  try {
    await assertDeliverableUrl(endpoint, allowPrivate);
  } catch (error) {
    if (!(error instanceof AddressNotAllowedError)) return;
    throw new ApiError(
      'PUSH_ENDPOINT_NOT_ALLOWED',
      `The push endpoint leads to ${error.range} addresses (${error.address}), which this deployment does not deliver to`,
      {
        host: error.host,
        range: error.range,
      },
    );
  }
}
