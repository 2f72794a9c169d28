import { describe, expect, it } from 'vitest';
import { dkimKeys, signed, zoneResolver } from '../testing/mail-auth.fixture.js';
import { plainMessage } from '../testing/mail-db.fixture.js';
import { authenticateMail } from './authenticate.js';

// SPF, DKIM and DMARC as recorded on a ticket message, against DNS answered from the test's zone.

const customer = dkimKeys();
const stranger = dkimKeys();
const resolver = zoneResolver({
  'customer.test': { TXT: ['v=spf1 ip4:192.0.2.10 -all'], A: ['192.0.2.10'] },
  'mail._domainkey.customer.test': { TXT: [customer.record] },
  '_dmarc.customer.test': { TXT: ['v=DMARC1; p=reject'] },
  'relaxed.test': { TXT: ['v=spf1 ?all'], A: ['192.0.2.30'] },
  'mail._domainkey.other.test': { TXT: [stranger.record] },
  'other.test': { A: ['192.0.2.20'] },
});
const options = { resolver, mta: 'mx.support.test' };
const fromCustomerMta = { client: { ip: '192.0.2.10', helo: 'mx.customer.test' }, envelopeFrom: 'bob@customer.test' };

describe('authenticating a received message', () => {
  it('passes all three for a signed message from an allowed server', async () => {
    const raw = await signed(plainMessage({}), 'customer.test', 'mail', customer.privateKey);
    expect(await authenticateMail(raw, fromCustomerMta, options)).toEqual({ spf: 'pass', dkim: 'pass', dmarc: 'pass' });
  });

  it('fails DMARC, and does not pass DKIM, when the signed body was changed on the way', async () => {
    const raw = await signed(plainMessage({ body: 'Pay 10 EUR' }), 'customer.test', 'mail', customer.privateKey);
    const tampered = Buffer.from(raw.toString('utf8').replace('Pay 10 EUR', 'Pay 9000 EUR'));
    const sender = { client: { ip: '198.51.100.66' }, envelopeFrom: 'bob@customer.test' };
    // A body that no longer matches its signature's hash is `neutral` to DKIM (RFC 6376 6.1.3), never `pass`.
    expect(await authenticateMail(tampered, sender, options)).toEqual({ spf: 'fail', dkim: 'neutral', dmarc: 'fail' });
  });

  it('checks no SPF without a connecting client (IMAP, webhooks), DKIM and DMARC still', async () => {
    const raw = await signed(plainMessage({}), 'customer.test', 'mail', customer.privateKey);
    expect(await authenticateMail(raw, {}, options)).toEqual({ spf: 'none', dkim: 'pass', dmarc: 'pass' });
    expect(await authenticateMail(plainMessage({}), {}, options)).toEqual({ spf: 'none', dkim: 'none', dmarc: 'fail' });
  });

  it('takes another domain’s valid signature as saying nothing of the From (neutral)', async () => {
    const raw = await signed(plainMessage({ from: 'ann@relaxed.test' }), 'other.test', 'mail', stranger.privateKey);
    expect(await authenticateMail(raw, {}, options)).toEqual({ spf: 'none', dkim: 'neutral', dmarc: 'none' });
  });
});
