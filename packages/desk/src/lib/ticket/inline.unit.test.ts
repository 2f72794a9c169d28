import { describe, expect, it } from 'vitest';
import { previewable } from './files.ts';
import { type MessageFile, placedBody } from './inline.ts';

const file = (id: string, contentType: string, inlineSpan: number[] | null): MessageFile => ({
  id,
  fileName: `${id}.bin`,
  contentType,
  size: 10,
  url: `/attachments/${id}`,
  inlineSpan,
});
const body = 'Before\n[shot]\nbetween [chart] after';
const span = (text: string) => [body.indexOf(text), body.indexOf(text) + text.length];

describe('placedBody', () => {
  it('draws each placed image in the text, in the order of the text, and lists it nowhere else', () => {
    const files = [
      file('chart', 'image/png', span('[chart]')),
      file('shot', 'image/jpeg', span('[shot]')),
      file('pdf', 'application/pdf', null),
    ];
    const drawn = placedBody(body, files, (f) => previewable(f.contentType));
    expect(drawn.parts).toEqual([
      { kind: 'text', text: 'Before\n' },
      { kind: 'image', attachmentId: 'shot', alt: 'shot' },
      { kind: 'text', text: '\nbetween ' },
      { kind: 'image', attachmentId: 'chart', alt: 'chart' },
      { kind: 'text', text: ' after' },
    ]);
    expect([...drawn.placed.keys()]).toEqual(['shot', 'chart']);
  });

  it('leaves an image the browser cannot show, or a span that does not fit, as text and listed', () => {
    const files = [file('tiff', 'image/tiff', span('[shot]')), file('far', 'image/png', [30, 99])];
    const drawn = placedBody(body, files, (f) => previewable(f.contentType));
    expect(drawn.parts).toEqual([{ kind: 'text', text: body }]);
    expect(drawn.placed.size).toBe(0);
  });
});
