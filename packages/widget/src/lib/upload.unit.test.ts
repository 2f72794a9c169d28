import { describe, expect, it } from 'vitest';
import { uploadRefusal } from './upload.ts';

describe('an upload the API refused', () => {
  it("carries the API's code, so the visitor reads why", () => {
    const body = JSON.stringify({
      errors: [{ message: 'a program', extensions: { code: 'ATTACHMENT_TYPE_NOT_ALLOWED' } }],
    });
    expect(uploadRefusal(415, body).code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
  });

  it('is UNKNOWN when the answer is not the API’s', () => {
    expect(uploadRefusal(502, '<html>Bad gateway</html>').code).toBe('UNKNOWN');
    expect(uploadRefusal(500, '{}').code).toBe('UNKNOWN');
  });
});
