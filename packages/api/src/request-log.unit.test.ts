import { describe, expect, it } from 'vitest';
import { withoutGrant } from './request-log.js';

describe('an upload URL as logged', () => {
  const grant = 'WzEsImEiXQ.0N1hdX_XwCV15Xnai0wqPUPDyfXWZePilH6SI3O7BWE';

  it('leaves out the grant however the path is written, and logs any other URL as it came', () => {
    for (const url of [
      `/attachments/uploads/${grant}`,
      `/attachments/%75ploads/${grant}`,
      `/attachments%2Fuploads%2F${grant}`,
      `//attachments//uploads//${grant}`,
      `/ATTACHMENTS/Uploads/${grant}`,
      `/attachments/uploads/${encodeURIComponent(grant).replace('W', '%57')}`,
    ])
      expect([url, withoutGrant(url)]).toEqual([url, expect.stringMatching(/^\/+attachments\/+uploads\/+<grant>$/i)]);
    expect(withoutGrant(`/attachments/uploads/${grant}?x=1`)).toBe('/attachments/uploads/<grant>?x=1');
    // A malformed escape is no reason to log the grant.
    expect(withoutGrant(`/attachments/%75ploads/${grant}%E0%A4`)).toBe('/attachments/uploads/<grant>');
    for (const url of ['/graphql', '/attachments/abc', '/attachments?fileName=a%20b.png', '/x/%E0%A4'])
      expect(withoutGrant(url)).toBe(url);
  });
});
