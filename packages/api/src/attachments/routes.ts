import type { MessageAttachment } from '@support-engine/domain/attachment';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { requireRole } from '../auth/guard.js';
import type { RequestPrincipal } from '../auth/request.js';
import { ApiError } from '../errors/codes.js';
import { refuseRequest } from '../errors/http.js';
import { requireStorableArgs } from '../validation.js';
import { type Attachments, DOWNLOAD_PATH, UPLOAD_NOW_PATH, UPLOAD_PATH } from './service.js';

/** A stored file as the upload answers it and GraphQL's `Attachment` shows it. */
export function attachmentView(file: MessageAttachment) {
  return {
    id: file.attachmentId,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    url: `${DOWNLOAD_PATH}${file.attachmentId}`,
  };
}

/**
 * The byte routes GraphQL cannot carry well: `PUT /attachments/uploads/<grant>` streams a file
 * into storage (the URL is the credential, handed out by `createAttachmentUpload`), `POST
 * /attachments?fileName=` does the same in one request with the caller's token, and
 * `GET /attachments/<id>` streams it back to a caller who may read a message or an article
 * version carrying it (without a token too, for a published article, when the help center is
 * public). A download's `?consistencyToken=` waits, as a query's does, until the read models hold
 * the write that returned it (`awaitWrite`): a file named by a message a live update told of is
 * readable at once. They stream: none holds a whole file in memory. Their refusals use the GraphQL
 * error shape.
 */
export function attachmentRoutes(
  attachments: Attachments | undefined,
  principalOf: RequestPrincipal,
  publicHelpCenter: boolean,
  awaitWrite: (consistencyToken: string | null) => Promise<void>,
  logger: Logger,
) {
  return async (scope: FastifyInstance) => {
    // Bodies here are files: leave them unread for the handler to stream.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

    const configured = () => {
      if (attachments === undefined)
        throw new ApiError('ATTACHMENTS_NOT_CONFIGURED', 'Attachments are not configured on this deployment');
      return attachments;
    };

    scope.put<{ Params: { token: string } }>(`${UPLOAD_PATH}:token`, async (request, reply) => {
      try {
        const service = configured();
        refuseDeclaredOversize(request.headers['content-length'], service.limits.maxBytes);
        const declared = request.headers['content-type'];
        const stored = await service.receive(request.params.token, request.raw, declared, lengthOf(request.headers));
        return reply.status(201).send(attachmentView(stored));
      } catch (error) {
        // The client may still be sending: do not read the rest, close once refused.
        reply.header('connection', 'close');
        return refuseRequest(reply, error, logger, 'attachment');
      }
    });

    // One authenticated request, for servers that hold a token anyway (no upload URL first).
    scope.post<{ Querystring: { fileName?: string } }>(UPLOAD_NOW_PATH, async (request, reply) => {
      try {
        const service = configured();
        const uploader = requireRole('createAttachmentUpload', await principalOf(request), false);
        refuseDeclaredOversize(request.headers['content-length'], service.limits.maxBytes);
        const stored = await service.uploadNow(
          uploader,
          request.query.fileName,
          request.headers['content-type'],
          request.raw,
          lengthOf(request.headers),
        );
        return reply.status(201).send(attachmentView(stored));
      } catch (error) {
        reply.header('connection', 'close');
        return refuseRequest(reply, error, logger, 'attachment');
      }
    });

    scope.get<{ Params: { id: string }; Querystring: { consistencyToken?: string } }>(
      `${DOWNLOAD_PATH}:id`,
      async (request, reply) => {
        try {
          const service = configured();
          const reader = requireRole('attachment', await principalOf(request), publicHelpCenter);
          // Text PostgreSQL cannot hold (a NUL) is bad input, as in GraphQL, not a database fault.
          requireStorableArgs({ id: request.params.id });
          await awaitWrite(request.query.consistencyToken ?? null);
          const found = await service.open(request.params.id, reader);
          if (found === null) throw new ApiError('NOT_FOUND', `No attachment "${request.params.id}"`);
          const { attachment, body } = found;
          const etag = `"${attachment.sha256}"`;
          reply
            .header('content-type', attachment.contentType)
            .header('content-length', attachment.size)
            .header('content-disposition', contentDisposition(attachment.fileName))
            .header('etag', etag)
            .header('cache-control', 'private, no-cache')
            .header('x-content-type-options', 'nosniff')
            // A file is never a page of this origin, whatever it holds (SVG, HTML).
            .header('content-security-policy', "default-src 'none'; sandbox");
          if (request.headers['if-none-match'] === etag) {
            body.destroy();
            return reply.status(304).send();
          }
          return reply.send(body);
        } catch (error) {
          return refuseRequest(reply, error, logger, 'attachment');
        }
      },
    );
  };
}

/** A body announced larger than the limit is refused before a byte of it is read. */
function refuseDeclaredOversize(contentLength: string | undefined, maxBytes: number): void {
  if (Number(contentLength ?? Number.NaN) > maxBytes)
    throw new ApiError('ATTACHMENT_TOO_LARGE', `The file is larger than ${maxBytes} bytes`);
}

/** The length a request announces (`Content-Length`), if it announces one. */
function lengthOf(headers: { 'content-length'?: string }): number | undefined {
  const length = Number(headers['content-length'] ?? Number.NaN);
  return Number.isSafeInteger(length) ? length : undefined;
}

/** `attachment` with the name as typed (RFC 6266 / 5987) and a plain fallback for old clients. */
function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
