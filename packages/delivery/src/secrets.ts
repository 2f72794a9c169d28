import { createHmac } from 'node:crypto';

/**
 * The signing secret of a webhook endpoint, in the Standard Webhooks form (`whsec_` and 32
 * base64 bytes). It is derived from the deployment's key and the endpoint's id and secret
 * version, so no secret is ever written to the log or a table: rotating bumps the version, and
 * an admin can be shown the current secret again at any time.
 */
export function webhookSecret(deploymentKey: Buffer, endpointId: string, secretVersion: number): string {
  const bytes = createHmac('sha256', deploymentKey).update(`webhook-secret:${endpointId}:${secretVersion}`).digest();
  return `whsec_${bytes.toString('base64')}`;
}
