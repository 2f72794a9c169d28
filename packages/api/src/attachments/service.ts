import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Actor } from '@support-engine/domain';
import {
  AttachmentFileName,
  type AttachmentLimits,
  type AttachmentQuota,
  admitFileName,
  type MessageAttachment,
  MessageAttachments,
  normalizeMediaType,
  uploadReservation,
} from '@support-engine/domain/attachment';
import { z } from 'zod';
import { VISITOR } from '../auth/guard.js';
import { ApiError } from '../errors/codes.js';
import { parseInput } from '../validation.js';
import {
  type AttachmentDb,
  attachUploads,
  completeUpload,
  forgetAbandonedUploads,
  forgetUpload,
  type NewUpload,
  readableAttachment,
  releaseUploads,
  reserveUpload,
} from './catalog.js';
import { receiveAttachment } from './receive.js';
import type { AttachmentStorage } from './storage.js';
import { readUploadGrant, signUploadGrant } from './upload-grant.js';

/** Where upload URLs point (followed by the URL's signed grant). */
export const UPLOAD_PATH = '/attachments/uploads/';
/** Where a file is uploaded in one request, with the caller's token (`?fileName=`). */
export const UPLOAD_NOW_PATH = '/attachments';
/** Where a stored file is downloaded (followed by its id). */
export const DOWNLOAD_PATH = '/attachments/';

/** An upload URL handed to a client: it `PUT`s the file's bytes there once, before `expiresAt`. */
export interface AttachmentUpload {
  readonly attachmentId: string;
  readonly uploadUrl: string;
  readonly method: 'PUT';
  readonly expiresAt: Date;
  readonly maxBytes: number;
}

/** Attachments as the API offers them: upload URLs, storage, and reads held to the visibility of the messages and articles carrying them. */
export interface Attachments {
  readonly limits: AttachmentLimits;
  /** Hands out an upload URL for a file of that name (refused at once when the name names a type not accepted). */
  openUpload(uploader: Actor, fileName: unknown, contentType: unknown): Promise<AttachmentUpload>;
  /**
   * Receives the bytes a `PUT` to an upload URL sends (`length`: the request's announced length,
   * if any); answers the stored file. Refused before a byte is stored when it would take the
   * caller's or the deployment's unattached bytes past their quota (`ATTACHMENT_QUOTA_EXCEEDED`).
   */
  receive(
    token: string,
    body: Readable,
    declaredType: string | undefined,
    length: number | undefined,
  ): Promise<MessageAttachment>;
  /** Stores a file sent in one authenticated request (no upload URL), as {@link Attachments.receive} does; answers the stored file. */
  uploadNow(
    uploader: Actor,
    fileName: unknown,
    declaredType: string | undefined,
    body: Readable,
    length: number | undefined,
  ): Promise<MessageAttachment>;
  /**
   * The stored files `ids` names (each once, in their order), each uploaded by `uploader`, marked
   * attached so the sweep never takes them; `ATTACHMENT_NOT_FOUND` otherwise. Messages and
   * articles name files through it.
   */
  attach(ids: readonly string[], uploader: Actor): Promise<MessageAttachment[]>;
  /** Gives back what {@link Attachments.attach} marked for a command that was then refused (nothing written names them). */
  release(ids: readonly string[], uploader: Actor): Promise<void>;
  /** {@link Attachments.attach} for a message (at most 10 files; none: `undefined`). */
  forMessage(ids: readonly string[] | undefined, uploader: Actor): Promise<MessageAttachment[] | undefined>;
  /** The stored file, when `reader` may see it (they uploaded it or can read a message or article version carrying it). */
  find(attachmentId: string, reader: Actor): Promise<MessageAttachment | null>;
  /** The file and its bytes, when `reader` may see it. */
  open(attachmentId: string, reader: Actor): Promise<{ attachment: MessageAttachment; body: Readable } | null>;
  /**
   * Removes files stored more than {@link ABANDONED_AFTER_MS} ago that no message or article named (once
   * their upload URL has expired too), and the records of uploads broken off whose URL expired
   * that long ago; answers how many files went.
   */
  sweep(): Promise<number>;
}

/** Options of {@link createAttachments}. */
export interface AttachmentsOptions {
  readonly db: AttachmentDb;
  readonly storage: AttachmentStorage;
  readonly limits: AttachmentLimits;
  /** The unattached bytes a caller, and the deployment, may hold. */
  readonly quota: AttachmentQuota;
  readonly clock: () => Date;
  /** How long an upload URL works. */
  readonly uploadTtlMs: number;
  /** The deployment's key for signing upload URLs (the same in every API process). */
  readonly urlKey: Buffer;
}

const NamedFile = z.object({ fileName: AttachmentFileName });

/** How long a stored upload may wait for a message or an article to name it before it is removed (3 days). */
export const ABANDONED_AFTER_MS = 3 * 24 * 60 * 60 * 1000;

/** The attachments service over a storage and the API's attachment record. */
export function createAttachments(options: AttachmentsOptions): Attachments {
  const { db, storage, limits, quota, clock, urlKey } = options;
  // A visitor of a public help center acts as a customer of no one: article files only.
  const readable = (attachmentId: string, reader: Actor) =>
    readableAttachment(
      db,
      attachmentId,
      reader,
      reader === VISITOR ? 'visitor' : reader.role === 'customer' ? 'customer' : 'staff',
    );
  // Named in the refusal: the name comes as a query parameter (`?fileName=`) or an input field.
  const admittedName = (input: unknown, declaredType: string | null | undefined) => {
    const { fileName } = parseInput(NamedFile, { fileName: input });
    admitFileName(fileName, limits, declaredType);
    return fileName;
  };
  const attach = async (ids: readonly string[], uploader: Actor) => {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const stored = await attachUploads(db, unique, uploader, clock());
    const missing = unique.filter((id) => !stored.some((file) => file.attachmentId === id));
    if (missing.length > 0) {
      await releaseUploads(
        db,
        stored.map((file) => file.attachmentId),
        uploader,
      );
      throw new ApiError(
        'ATTACHMENT_NOT_FOUND',
        `No stored upload of yours with id ${missing.map((id) => `"${id}"`).join(', ')}`,
        { attachmentIds: missing },
      );
    }
    // In the order the caller gave.
    return unique.map((id) => stored.find((file) => file.attachmentId === id)!);
  };
  const spentUrl = () => new ApiError('NOT_FOUND', 'This upload URL is unknown, spent or expired');
  // Claimed for this request within the quotas, streamed into storage, recorded as stored; a failure keeps nothing.
  const store = async (upload: NewUpload, body: Readable, declaredType: string | undefined, length?: number) => {
    const reservation = uploadReservation(length, limits);
    if (!(await reserveUpload(db, upload, reservation, quota, clock()))) throw spentUrl();
    const { attachmentId, fileName } = upload;
    try {
      // The type sent with the bytes and the one announced for the URL must each fit them.
      const file = {
        fileName,
        ...(declaredType === undefined ? {} : { declaredType }),
        ...(upload.declaredType === null ? {} : { announcedType: upload.declaredType }),
      };
      const stored = await receiveAttachment(body, file, limits, storage, attachmentId);
      await completeUpload(db, attachmentId, stored, clock());
      return { attachmentId, fileName, ...stored };
    } catch (error) {
      await forgetUpload(db, attachmentId);
      throw error;
    }
  };
  return {
    limits,
    async openUpload(uploader, fileNameInput, contentTypeInput) {
      const declaredType =
        typeof contentTypeInput === 'string' && contentTypeInput !== '' ? normalizeMediaType(contentTypeInput) : null;
      const fileName = admittedName(fileNameInput, declaredType);
      const attachmentId = randomUUID();
      const expiresAt = new Date(clock().getTime() + options.uploadTtlMs);
      const token = signUploadGrant({ attachmentId, uploader, fileName, declaredType, expiresAt }, urlKey);
      return { attachmentId, uploadUrl: `${UPLOAD_PATH}${token}`, method: 'PUT', expiresAt, maxBytes: limits.maxBytes };
    },
    async receive(token, body, declaredType, length) {
      const grant = readUploadGrant(token, urlKey);
      if (grant === null || grant.expiresAt <= clock()) throw spentUrl();
      return store(grant, body, declaredType, length);
    },
    async uploadNow(uploader, fileNameInput, declaredType, body, length) {
      const fileName = admittedName(fileNameInput, declaredType);
      // A new id nobody else holds; its reservation lapses like an upload URL would.
      const expiresAt = new Date(clock().getTime() + options.uploadTtlMs);
      const upload = { attachmentId: randomUUID(), uploader, fileName, declaredType: null, expiresAt };
      return store(upload, body, declaredType, length);
    },
    attach,
    async forMessage(ids, uploader) {
      if (ids === undefined || ids.length === 0) return undefined;
      return MessageAttachments.parse(await attach(ids, uploader));
    },
    release: (ids, uploader) => releaseUploads(db, ids, uploader),
    find: readable,
    async open(attachmentId, reader) {
      const attachment = await readable(attachmentId, reader);
      if (attachment === null) return null;
      const bytes = await storage.read(attachmentId);
      return bytes === null ? null : { attachment, body: bytes.body };
    },
    async sweep() {
      const now = clock();
      const gone = await forgetAbandonedUploads(db, new Date(now.getTime() - ABANDONED_AFTER_MS), now);
      for (const key of gone) await storage.remove(key);
      return gone.length;
    },
  };
}
