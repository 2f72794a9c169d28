import { DOMAIN_ERROR_CODES } from '@support-engine/domain';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { fr } from '../i18n/fr.ts';
import { MAILBOX_REFUSALS, mailboxRefusalOf } from './refusal.ts';

const refusal = (code: string) => ({ message: 'refused', extensions: { code } });

describe('the mailboxes’ refusals', () => {
  it('are codes of the domain, each with a sentence in both languages', () => {
    for (const code of MAILBOX_REFUSALS) {
      expect(DOMAIN_ERROR_CODES, code).toContain(code);
      expect(en, code).toHaveProperty(`mailboxes.error.${code}`);
      expect(fr[`mailboxes.error.${code}`], code).not.toBe(en[`mailboxes.error.${code}`]);
    }
  });

  it('are found among a response’s errors, and others are left to the admin screens’ words', () => {
    expect(mailboxRefusalOf({ graphQLErrors: [refusal('MAILBOX_SUB_ADDRESS')] as never })).toBe('MAILBOX_SUB_ADDRESS');
    expect(mailboxRefusalOf({ graphQLErrors: [refusal('FORBIDDEN')] as never })).toBeNull();
  });
});
