import { describe, expect, it } from 'vitest';
import { hardBouncedRecipients, reportedBounces } from './delivery-status.js';

const report = (...recipients: string[]) =>
  ['Reporting-MTA: dns; mx.customer.test', 'Arrival-Date: Sat, 28 Nov 2026 09:00:00 +0000', '', ...recipients].join(
    '\r\n',
  );

describe('the hard bounces of a delivery status report', () => {
  it('are the recipients failed for good (5.x.x), each with its status and diagnostic', () => {
    const text = report(
      'Final-Recipient: rfc822; Gone@Customer.test',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 <gone@customer.test>:',
      '  Recipient address rejected: User unknown',
      '',
      'Final-Recipient: rfc822; full@customer.test',
      'Action: failed',
      'Status: 4.2.2',
      '',
      'Final-Recipient: rfc822; slow@customer.test',
      'Action: delayed',
      'Status: 5.4.7',
      '',
    );
    expect(hardBouncedRecipients(text)).toEqual([
      {
        address: 'gone@customer.test',
        reason: '5.1.1 smtp; 550 5.1.1 <gone@customer.test>: Recipient address rejected: User unknown',
      },
    ]);
  });

  it('finds none in a report without recipients, or in text that is no report', () => {
    expect(hardBouncedRecipients(report())).toEqual([]);
    expect(hardBouncedRecipients('Hello, I am out of office until Monday.')).toEqual([]);
    expect(hardBouncedRecipients(report('Final-Recipient: rfc822; nobody', 'Action: failed', 'Status: 5.1.1'))).toEqual(
      [],
    );
  });
});

describe('the soft bounces of a delivery status report', () => {
  it('are the recipients delayed or failed for now (4.x.x), beside the hard ones', () => {
    const text = report(
      'Final-Recipient: rfc822; gone@customer.test',
      'Action: failed',
      'Status: 5.1.1',
      '',
      'Final-Recipient: rfc822; Full@Customer.test',
      'Action: failed',
      'Status: 4.2.2',
      'Diagnostic-Code: smtp; 452 4.2.2 Mailbox full',
      '',
      'Final-Recipient: rfc822; slow@customer.test',
      'Action: delayed',
      'Status: 4.4.7',
      '',
      'Final-Recipient: rfc822; fine@customer.test',
      'Action: delivered',
      'Status: 2.0.0',
      '',
    );
    expect(reportedBounces(text)).toEqual([
      { address: 'gone@customer.test', reason: '5.1.1', severity: 'hard' },
      { address: 'full@customer.test', reason: '4.2.2 smtp; 452 4.2.2 Mailbox full', severity: 'soft' },
      { address: 'slow@customer.test', reason: '4.4.7', severity: 'soft' },
    ]);
  });
});
