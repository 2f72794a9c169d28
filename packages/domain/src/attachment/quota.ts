import { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import type { AttachmentLimits } from './policy.js';

const MIB = 1024 ** 2;

/**
 * How many bytes of uploads no message or article names yet a deployment holds for one caller
 * and in all: files sent and never used stay until the sweep takes them (three days), so
 * without a bound one caller could fill the disk faster than the rate limit notices.
 */
export const AttachmentQuota = z
  .object({
    /** Unattached bytes one caller (an uploader: id and role) may hold. */
    perCallerBytes: z.int().min(1),
    /** Unattached bytes every caller together may hold. */
    perDeploymentBytes: z.int().min(1),
  })
  .strict();
export type AttachmentQuota = z.infer<typeof AttachmentQuota>;

/**
 * 50 MiB per caller (two of the largest files by default, or a screenshot an hour for days) and
 * 2 GiB per deployment (forty callers at their bound).
 */
export const DEFAULT_ATTACHMENT_QUOTA: AttachmentQuota = {
  perCallerBytes: 50 * MIB,
  perDeploymentBytes: 2 * 1024 * MIB,
};

/** The unattached bytes held now: the caller's, and everyone's (the caller's included). */
export interface UnattachedBytes {
  readonly caller: number;
  readonly deployment: number;
}

/**
 * What an upload counts against the quotas while its bytes arrive (its size once stored): the
 * length the request announced, when it announced one the limit allows, else the largest file
 * the deployment takes, since nothing else bounds what is coming.
 */
export function uploadReservation(announcedLength: number | undefined, limits: AttachmentLimits): number {
  return announcedLength !== undefined && Number.isSafeInteger(announcedLength) && announcedLength >= 0
    ? Math.min(announcedLength, limits.maxBytes)
    : limits.maxBytes;
}

/**
 * Refuses an upload (`ATTACHMENT_QUOTA_EXCEEDED`) that would take the caller's or the
 * deployment's unattached bytes past its quota: `held` before it, `reservation` its own.
 */
export function admitUnattachedUpload(held: UnattachedBytes, reservation: number, quota: AttachmentQuota): void {
  const over = (limit: number, used: number) => used + reservation > limit;
  const which = over(quota.perCallerBytes, held.caller)
    ? { scope: 'caller', limit: quota.perCallerBytes }
    : over(quota.perDeploymentBytes, held.deployment)
      ? { scope: 'deployment', limit: quota.perDeploymentBytes }
      : null;
  if (which === null) return;
  const whose = which.scope === 'caller' ? 'your uploads' : 'this deployment’s uploads';
  throw new DomainError(
    'ATTACHMENT_QUOTA_EXCEEDED',
    `Files not yet sent on a message would exceed ${which.limit} bytes for ${whose}: send or wait for those already uploaded`,
    { scope: which.scope, quotaBytes: which.limit },
  );
}
