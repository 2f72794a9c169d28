/** Test support (not a test file): a mail whose HTML shows an image of its own (`cid:`) inside its text. */

/** A 1×1 PNG. */
export const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * A `multipart/related` mail as mail clients send a pasted screenshot: a plain part without the
 * image, an HTML part showing it between two paragraphs (alt text `alt`), and the image part
 * (`error.png`, Content-ID `<shot@customer.test>`).
 */
export function mailWithInlineImage(options: {
  readonly from: string;
  readonly to: string;
  readonly messageId: string;
  readonly subject?: string;
  readonly alt?: string;
}): Buffer {
  const { from, to, messageId, subject = 'The export fails', alt = 'the error' } = options;
  return Buffer.from(
    [
      `From: ${from}`,
      `To: ${to}`,
      `Subject: ${subject}`,
      `Message-ID: <${messageId}>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/related; boundary="rel"',
      '',
      '--rel',
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The export fails with this error:',
      '',
      'Can you help?',
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>The export fails with this error:</p><p><img src="cid:shot@customer.test" alt="${alt}"></p><p>Can you help?</p>`,
      '--alt--',
      '--rel',
      'Content-Type: image/png; name="error.png"',
      'Content-ID: <shot@customer.test>',
      'Content-Disposition: inline; filename="error.png"',
      'Content-Transfer-Encoding: base64',
      '',
      PIXEL_PNG.toString('base64'),
      '--rel--',
      '',
    ].join('\r\n'),
  );
}
