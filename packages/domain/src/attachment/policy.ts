import { z } from 'zod';
import { DomainError, invalidField } from '../shared/errors.js';
import {
  CFB_CONTAINED_TYPES,
  CFB_CONTAINER_TYPE,
  DEFAULT_ALLOWED_FILE_TYPES,
  extensionsOf,
  fileExtension,
  normalizeMediaType,
  typeOfExtension,
} from './types.js';
import { MediaType } from './values.js';

/** What a deployment accepts as attachments. */
export const AttachmentLimits = z
  .object({
    /** Largest file, in bytes. */
    maxBytes: z
      .int()
      .min(1)
      .max(5 * 1024 ** 3),
    /** The media types accepted, as read from the bytes. */
    allowedTypes: z.array(MediaType).min(1),
  })
  .strict();
export type AttachmentLimits = z.infer<typeof AttachmentLimits>;

/** 25 MiB (what mail servers commonly carry) of pictures, PDFs, text and office documents. */
export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxBytes: 25 * 1024 * 1024,
  allowedTypes: [...DEFAULT_ALLOWED_FILE_TYPES],
};

/** A received file as the upload saw it, before it is admitted. */
export interface ReceivedFile {
  readonly fileName: string;
  /** The type the uploader claimed (`Content-Type`), if any. */
  readonly declaredType?: string;
  /** The type announced before the bytes came (asking for an upload URL), if any: a claim too. */
  readonly announcedType?: string;
  /** The type the bytes' signature shows, or `null` when they have none that is known. */
  readonly sniffed: { readonly mime: string; readonly ext: string } | null;
  /** Whether bytes without a signature read as text (UTF-8, a single-byte encoding or UTF-16 with its mark, without control characters). */
  readonly text: boolean;
  readonly size: number;
}

/**
 * Types a client sends when it does not know better, or by default (curl's `--data-binary` sends
 * `application/x-www-form-urlencoded`, which no file is); they claim nothing.
 */
const GENERIC_TYPES = new Set([
  '',
  'application/octet-stream',
  'binary/octet-stream',
  'application/unknown',
  'application/x-www-form-urlencoded',
]);

/**
 * The content type of a received file, from its bytes: the signature's type, else for text
 * `text/csv` (a `.csv` name) or `text/plain`, else `application/octet-stream`. A CFB container
 * is the legacy Office type its name's extension names (`.doc`, `.xls`, `.ppt`, `.msg`, and
 * their templates); under any other name it stays a container (`application/x-cfb`), which a
 * deployment does not accept unless it lists it. A claimed type never decides: installers, their
 * patches and transforms, and shell scraps are CFB files too, and a claim would make them Word.
 */
export function contentTypeOf(file: ReceivedFile): string {
  if (file.sniffed !== null) {
    const sniffed = normalizeMediaType(file.sniffed.mime);
    return sniffed === CFB_CONTAINER_TYPE ? (containedType(file.fileName) ?? sniffed) : sniffed;
  }
  if (!file.text) return 'application/octet-stream';
  return fileExtension(file.fileName) === 'csv' ? 'text/csv' : 'text/plain';
}

/** The legacy Office type a CFB file's name says it holds, or `null`. */
function containedType(fileName: string): string | null {
  const extension = fileExtension(fileName);
  const named = extension === null ? null : typeOfExtension(extension);
  return named !== null && CFB_CONTAINED_TYPES.includes(named) ? named : null;
}

/** Whether `size` bytes is more than the deployment takes (an upload stops there). */
export function exceedsAttachmentLimit(size: number, limits: AttachmentLimits): boolean {
  return size > limits.maxBytes;
}

/** Unicode's text-direction marks, embeddings, overrides and isolates. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * Refuses, before any byte is sent, a file whose name already says it is of a type the
 * deployment does not accept (`setup.exe`), or that is announced (`declaredType`) as a type its
 * name contradicts (`photo.png` as `application/pdf`): its bytes could not satisfy both. Programs
 * and scripts a desktop would run (`.exe`, `.scr`, `.bat`, `.vbs`, `.hta`, `.js`, ...) are refused by
 * name, since a script's bytes are plain text; so is a name holding text-direction controls. Names
 * without a known extension pass: their bytes decide.
 */
export function admitFileName(fileName: string, limits: AttachmentLimits, declaredType?: string | null): void {
  // Direction overrides make "invoice\u202Efdp.hta" read as "invoiceath.pdf": no honest name needs one.
  if (BIDI_CONTROLS.test(fileName))
    throw invalidField('fileName', 'A file name may not hold text-direction control characters', {
      fileName,
    });
  const extension = fileExtension(fileName);
  const named = extension === null ? null : typeOfExtension(extension);
  if (named === null) return;
  if (named !== 'text/plain' && !limits.allowedTypes.includes(named)) throw notAllowed(named, limits);
  const declared = normalizeMediaType(declaredType ?? '');
  if (!GENERIC_TYPES.has(declared) && !claimFits(declared, named))
    throw new DomainError(
      'ATTACHMENT_TYPE_MISMATCH',
      `The file's name ends in ".${extension}", but it is announced as ${declared}`,
      { contentType: named },
    );
}

/**
 * Admits a received file and answers its content type ({@link contentTypeOf}), or refuses it:
 * `ATTACHMENT_EMPTY`, `ATTACHMENT_TOO_LARGE`, `ATTACHMENT_TYPE_NOT_ALLOWED` (by what the bytes
 * are), or `ATTACHMENT_TYPE_MISMATCH` when the name has an extension that is not one of the
 * content's ({@link extensionsOf}: a PNG called `invoice.pdf` or `capture.shot`), or a claimed
 * type (sent with the bytes, or announced before them) says something else than the bytes (a
 * PNG sent or announced as `application/pdf`); a program, whatever its name, is
 * `ATTACHMENT_TYPE_NOT_ALLOWED`. A name without an extension is named by its content alone.
 */
export function admitAttachment(file: ReceivedFile, limits: AttachmentLimits): string {
  if (!Number.isSafeInteger(file.size) || file.size < 0)
    throw new DomainError('VALIDATION_FAILED', `A file's size is a whole number of bytes, not ${file.size}`, {});
  if (file.size === 0) throw new DomainError('ATTACHMENT_EMPTY', 'The file is empty');
  if (exceedsAttachmentLimit(file.size, limits))
    throw new DomainError('ATTACHMENT_TOO_LARGE', `The file is larger than ${limits.maxBytes} bytes`, {
      maxBytes: limits.maxBytes,
    });
  // A name that already says the file is refused (a program, a script) is refused as such: a
  // script's bytes are plain text, which would otherwise read as a mismatch.
  admitFileName(file.fileName, limits);
  const actual = contentTypeOf(file);
  if (!limits.allowedTypes.includes(actual)) throw notAllowed(actual, limits);
  // The content's own extensions are an allow-list: an unknown one is no free pass.
  const extension = fileExtension(file.fileName);
  if (extension !== null && !extensionsOf(actual, file.sniffed?.ext).includes(extension))
    throw mismatch(`its name ends in ".${extension}"`, actual);
  for (const [claim, how] of [
    [file.declaredType, 'sent'],
    [file.announcedType, 'announced'],
  ] as const) {
    const declared = normalizeMediaType(claim ?? '');
    if (!GENERIC_TYPES.has(declared) && !claimFits(declared, actual))
      throw mismatch(`it was ${how} as ${declared}`, actual);
  }
  return actual;
}

/** Text claimed as any textual type is text; anything else must be claimed as exactly what it is. */
function claimFits(declared: string, actual: string): boolean {
  if (actual === 'text/plain' || actual === 'text/csv')
    return declared.startsWith('text/') || declared === 'application/json' || declared === 'application/xml';
  return declared === actual;
}

function notAllowed(type: string, limits: AttachmentLimits): DomainError {
  return new DomainError('ATTACHMENT_TYPE_NOT_ALLOWED', `Files of type ${type} are not accepted`, {
    contentType: type,
    allowedTypes: limits.allowedTypes,
  });
}

function mismatch(claim: string, actual: string): DomainError {
  return new DomainError('ATTACHMENT_TYPE_MISMATCH', `The file's content is ${actual}, but ${claim}`, {
    contentType: actual,
  });
}
