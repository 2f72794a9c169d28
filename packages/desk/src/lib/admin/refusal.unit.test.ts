import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { ADMIN_REFUSALS, failureOf } from './refusal.ts';

const refusal = (code: string, message = 'refused') => ({ message, extensions: { code } });

describe("the admins' refusals", () => {
  it('each have a sentence in the catalogue', () => {
    for (const code of ADMIN_REFUSALS) expect(en, code).toHaveProperty(`admin.error.${code}`);
  });

  it('are told apart from other refusals and from no answer at all', () => {
    expect(
      failureOf({
        graphQLErrors: [refusal('CAPACITY_BELOW_LOAD', 'holds 3 tickets')] as never,
        networkError: undefined,
      }),
    ).toEqual({ kind: 'refusal', code: 'CAPACITY_BELOW_LOAD', details: 'holds 3 tickets' });
    expect(failureOf({ graphQLErrors: [refusal('SOMETHING_NEW')] as never, networkError: undefined })).toEqual({
      kind: 'other',
    });
    expect(failureOf({ graphQLErrors: [], networkError: new Error('offline') })).toEqual({ kind: 'network' });
  });
});
