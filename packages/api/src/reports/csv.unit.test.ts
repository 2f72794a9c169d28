import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.js';

/** An RFC 4180 reader for one record, to read back what the writer wrote. */
function readRecord(line: string): string[] {
  expect(line.endsWith('\r\n')).toBe(true);
  const text = line.slice(0, -2);
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (text[i] === '"') {
      for (i++; ; i++) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (text[i] === '"') break;
        else cell += text[i];
      }
      i++;
    } else {
      const end = text.indexOf(',', i);
      cell = text.slice(i, end === -1 ? text.length : end);
      i = end === -1 ? text.length : end;
    }
    cells.push(cell);
    if (i >= text.length) return cells;
    i++; // the comma
  }
}

describe('CSV cells', () => {
  it('quotes what holds a comma, a quote or a line break, and leaves the rest as it is', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(null)).toBe('');
  });

  it('keeps a spreadsheet from running text as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@sum')).toBe("'@sum");
    expect(csvCell(-2)).toBe('-2');
  });

  it('reads back as the cells written (a formula-like text with its leading quote)', () => {
    const cell = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string(), fc.double({ noNaN: true }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (cells) => {
        const expected = cells.map((value) => {
          if (value === null) return '';
          if (typeof value === 'number') return String(value);
          return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
        });
        expect(readRecord(csvLine(cells))).toEqual(expected);
      }),
    );
  });
});
