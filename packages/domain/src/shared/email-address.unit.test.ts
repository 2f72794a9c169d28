import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CustomerCommand } from '../customer/commands.js';
import { emailClaimId } from '../customer/email-claim.js';
import { asciiDomain, EmailAddress, emailAddressKey, isEmailAddress } from './email-address.js';

describe('isEmailAddress', () => {
  it('takes an ASCII address exactly when the rule addresses always followed does', () => {
    const char = fc.constantFrom(...'abcXYZ019._-+\'@"[]() <>:;,\\'.split(''));
    const address = fc.oneof(
      fc.string({ unit: char, maxLength: 30 }),
      fc
        .tuple(fc.string({ unit: char, maxLength: 12 }), fc.constantFrom('example.com', 'a.b.co', 'x', 'ex-ample.org'))
        .map(([local, domain]) => `${local}@${domain}`),
    );
    fc.assert(
      fc.property(address, (text) => {
        expect(isEmailAddress(text)).toBe(z.email().safeParse(text).success);
      }),
    );
  });

  it('takes internationalised addresses: letters of any script before the @, a domain in any script', () => {
    for (const address of [
      'josé@exemple.fr',
      'hans@bücher.de',
      'ünï@例え.jp',
      'δοκιμή@παράδειγμα.δοκιμή',
      'josé.martín+factures@exemple.fr',
      'ada@xn--bcher-kva.de',
    ])
      expect(isEmailAddress(address), address).toBe(true);
  });

  it('refuses what no mailbox is: quoted or spaced local parts, IP literals, one-label or malformed domains', () => {
    for (const address of [
      'josé martín@exemple.fr',
      '"josé"@exemple.fr',
      'josé@[192.0.2.1]',
      'josé@localhost',
      'josé..m@exemple.fr',
      '.josé@exemple.fr',
      'josé@-exemple-.fr',
      'josé@exemple..fr',
      `${'é'.repeat(65)}@exemple.fr`,
      'josé',
      'josé@',
    ])
      expect(isEmailAddress(address), address).toBe(false);
  });
});

describe('emailAddressKey', () => {
  it('knows one mailbox by one key however it is written: case, composition, IDN form', () => {
    expect(emailAddressKey(' <Hans@Bücher.DE> ')).toBe('hans@xn--bcher-kva.de');
    expect(emailAddressKey('hans@xn--bcher-kva.de')).toBe('hans@xn--bcher-kva.de');
    expect(emailAddressKey('Jose\u0301@Exemple.fr')).toBe(emailAddressKey('JOSÉ@exemple.fr'));
    expect(emailAddressKey('Bob@Example.COM')).toBe('bob@example.com');
    expect(asciiDomain('例え.jp')).toBe('xn--r8jz45g.jp');
  });

  it('is the key of an address’s claim: the IDN and ASCII forms of one address are one claim', () => {
    expect(emailClaimId('Hans@Bücher.de')).toBe(emailClaimId('hans@xn--bcher-kva.de'));
    expect(emailClaimId(' Alice@Example.com ')).toBe('alice@example.com');
  });
});

describe('EmailAddress', () => {
  it('is the rule a customer’s address follows: an internationalised one registers, composed', () => {
    expect(EmailAddress.parse(' Jose\u0301@exemple.fr ')).toBe('José@exemple.fr');
    const register = (email: string) =>
      CustomerCommand.safeParse({ type: 'RegisterCustomer', data: { customerId: 'c-1', name: 'José', email } });
    expect(register('josé@exemple.fr').data?.data).toMatchObject({ email: 'josé@exemple.fr' });
    expect(register('bob@[192.0.2.1]').error?.issues.map((issue) => issue.path.join('.'))).toEqual(['data.email']);
  });
});
