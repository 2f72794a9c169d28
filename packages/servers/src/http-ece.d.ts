/** The part of `http_ece` (RFC 8188 content encoding; no types of its own) the push receiver uses. */
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';

  interface DecryptParams {
    version: 'aes128gcm';
    /** The receiver's key pair; the sender's public key is read from the record header. */
    privateKey: ECDH;
    /** The subscription's 16-byte auth secret (Buffer, or base64url text). */
    authSecret: Buffer | string;
  }

  const ece: { decrypt(buffer: Buffer, params: DecryptParams): Buffer };
  export default ece;
}
