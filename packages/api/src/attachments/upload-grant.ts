import { readToken, signToken } from '@support-engine/delivery';
import { Id, Role } from '@support-engine/domain';
import { AttachmentFileName } from '@support-engine/domain/attachment';
import { z } from 'zod';

/**
 * What an upload URL allows: one file, under this id and name, from this uploader, until then.
 * The URL carries it signed, so handing one out writes nothing: the upload's row is written when
 * its bytes arrive (and that row is what makes the URL one-time).
 */
export interface UploadGrant {
  readonly attachmentId: string;
  readonly uploader: { readonly id: string; readonly role: Role };
  readonly fileName: string;
  /** The media type the uploader announced, if any (checked against the bytes). */
  readonly declaredType: string | null;
  readonly expiresAt: Date;
}

/**
 * Longer than any signed grant (two ids of 128 characters, a name of 255 and a media type, every
 * character taking 4 bytes, come to about 3,200 once encoded): the router must let a path
 * parameter this long reach the upload route.
 */
export const MAX_UPLOAD_GRANT_LENGTH = 4_096;

/** The grant's fields in the order they are signed; the first says which layout this is. */
const Signed = z.tuple([
  z.literal(1),
  Id,
  Id,
  Role,
  AttachmentFileName,
  z.string().max(255).nullable(),
  // Milliseconds since the epoch, within what a Date can hold.
  z.number().int().nonnegative().max(8.64e15),
]);

/** The grant as `<payload>.<HMAC-SHA256 of it>`, both base64url: safe in a URL path. */
export function signUploadGrant(grant: UploadGrant, key: Buffer): string {
  const fields = [
    1,
    grant.attachmentId,
    grant.uploader.id,
    grant.uploader.role,
    grant.fileName,
    grant.declaredType,
    grant.expiresAt.getTime(),
  ] satisfies z.input<typeof Signed>;
  return signToken(fields, key);
}

/**
 * The grant a token carries when `key` signed it, else `null` (made up, altered, cut short or
 * signed with another key). Whether it has expired is the caller's question: it holds the clock.
 */
export function readUploadGrant(token: string, key: Buffer): UploadGrant | null {
  const parsed = Signed.safeParse(readToken(token, key));
  if (!parsed.success) return null;
  const [, attachmentId, id, role, fileName, declaredType, expiresAt] = parsed.data;
  return { attachmentId, uploader: { id, role }, fileName, declaredType, expiresAt: new Date(expiresAt) };
}
