import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.js';
import { admitUnattachedUpload, uploadReservation } from './quota.js';

const QUOTA = { perCallerBytes: 100, perDeploymentBytes: 250 };
const LIMITS = { maxBytes: 60, allowedTypes: ['image/png'] };

const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? { code: error.code, ...error.details } : error;
  }
  return null;
};

describe('admitUnattachedUpload', () => {
  it('admits an upload that fills a quota exactly, and refuses a byte more, naming the quota passed', () => {
    expect(refusal(() => admitUnattachedUpload({ caller: 40, deployment: 40 }, 60, QUOTA))).toBeNull();
    expect(refusal(() => admitUnattachedUpload({ caller: 41, deployment: 41 }, 60, QUOTA))).toEqual({
      code: 'ATTACHMENT_QUOTA_EXCEEDED',
      scope: 'caller',
      quotaBytes: 100,
    });
    expect(refusal(() => admitUnattachedUpload({ caller: 0, deployment: 200 }, 60, QUOTA))).toEqual({
      code: 'ATTACHMENT_QUOTA_EXCEEDED',
      scope: 'deployment',
      quotaBytes: 250,
    });
  });
});

describe('uploadReservation', () => {
  it('reserves the announced length, and the largest file when none (or an impossible one) is announced', () => {
    expect(uploadReservation(10, LIMITS)).toBe(10);
    expect(uploadReservation(1_000, LIMITS)).toBe(60);
    expect(uploadReservation(undefined, LIMITS)).toBe(60);
    expect(uploadReservation(-1, LIMITS)).toBe(60);
    expect(uploadReservation(1.5, LIMITS)).toBe(60);
  });
});
