import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.js';
import {
  type AttachmentLimits,
  admitAttachment,
  admitFileName,
  contentTypeOf,
  DEFAULT_ATTACHMENT_LIMITS,
  type ReceivedFile,
} from './policy.js';
import { extensionsOf } from './types.js';
import { MessageAttachments } from './values.js';

const limits: AttachmentLimits = {
  maxBytes: 1_000,
  allowedTypes: ['image/png', 'application/pdf', 'text/plain', 'text/csv'],
};
const png = { mime: 'image/png', ext: 'png' };
const exe = { mime: 'application/x-msdownload', ext: 'exe' };
const file = (over: Partial<ReceivedFile>): ReceivedFile => ({
  fileName: 'screenshot.png',
  sniffed: png,
  text: false,
  size: 10,
  ...over,
});

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'admitted';
}

describe('admitting an attachment', () => {
  it('takes the type from the bytes, not from the name or the claim', () => {
    expect(admitAttachment(file({ declaredType: 'image/png' }), limits)).toBe('image/png');
    expect(admitAttachment(file({ fileName: 'screenshot', declaredType: 'application/octet-stream' }), limits)).toBe(
      'image/png',
    );
    expect(admitAttachment(file({ fileName: 'notes.txt', sniffed: null, text: true }), limits)).toBe('text/plain');
    expect(admitAttachment(file({ fileName: 'export.CSV', sniffed: null, text: true }), limits)).toBe('text/csv');
  });

  it('refuses an empty file and one over the limit', () => {
    expect(refusal(() => admitAttachment(file({ size: 0 }), limits))).toBe('ATTACHMENT_EMPTY');
    for (const size of [-5, Number.NaN, 1.5])
      expect(refusal(() => admitAttachment(file({ size }), limits))).toBe('VALIDATION_FAILED');
    expect(refusal(() => admitAttachment(file({ size: 1_001 }), limits))).toBe('ATTACHMENT_TOO_LARGE');
    expect(admitAttachment(file({ size: 1_000 }), limits)).toBe('image/png');
  });

  it('refuses what the deployment does not accept, whatever it is called', () => {
    expect(refusal(() => admitAttachment(file({ fileName: 'setup.exe', sniffed: exe }), limits))).toBe(
      'ATTACHMENT_TYPE_NOT_ALLOWED',
    );
    expect(refusal(() => admitAttachment(file({ fileName: 'invoice.pdf', sniffed: exe }), limits))).toBe(
      'ATTACHMENT_TYPE_NOT_ALLOWED',
    );
    expect(refusal(() => admitAttachment(file({ fileName: 'blob', sniffed: null, text: false }), limits))).toBe(
      'ATTACHMENT_TYPE_NOT_ALLOWED',
    );
  });

  it('refuses a file whose name or claimed type lies about its content', () => {
    expect(refusal(() => admitAttachment(file({ fileName: 'report.pdf' }), limits))).toBe('ATTACHMENT_TYPE_MISMATCH');
    expect(refusal(() => admitAttachment(file({ declaredType: 'application/pdf' }), limits))).toBe(
      'ATTACHMENT_TYPE_MISMATCH',
    );
    // Announced as PDF before the bytes came: sending them as "anything" does not undo the claim.
    const announced = file({ announcedType: 'application/pdf', declaredType: 'application/octet-stream' });
    expect(refusal(() => admitAttachment(announced, limits))).toBe('ATTACHMENT_TYPE_MISMATCH');
    expect(admitAttachment(file({ announcedType: 'image/png', declaredType: 'image/png' }), limits)).toBe('image/png');
    expect(refusal(() => admitAttachment(file({ fileName: 'photo.png', sniffed: null, text: true }), limits))).toBe(
      'ATTACHMENT_TYPE_MISMATCH',
    );
    // Textual claims for text say nothing false.
    expect(
      admitAttachment(
        file({ fileName: 'README.md', sniffed: null, text: true, declaredType: 'text/markdown' }),
        limits,
      ),
    ).toBe('text/plain');
  });

  it('admits a name only with an extension its content may carry, known to the engine or not', () => {
    // What the bytes are decides which extensions may name them: an unknown one is no free pass.
    for (const [fileName, over] of [
      ['capture.shot', {}],
      ['invoice.pdf2', { sniffed: { mime: 'application/pdf', ext: 'pdf' } }],
      ['notes.xyz', { sniffed: null, text: true }],
      ['notes.xml', { sniffed: null, text: true }],
    ] as const)
      expect({ fileName, outcome: refusal(() => admitAttachment(file({ fileName, ...over }), limits)) }).toEqual({
        fileName,
        outcome: 'ATTACHMENT_TYPE_MISMATCH',
      });
    for (const fileName of ['README.md', 'data.json', 'settings.yaml', 'app.ini', 'run.log', 'no-extension'])
      expect(admitAttachment(file({ fileName, sniffed: null, text: true }), limits)).toBe('text/plain');
    expect(
      admitAttachment(file({ fileName: 'Photo.JPEG', sniffed: { mime: 'image/jpeg', ext: 'jpg' } }), {
        ...limits,
        allowedTypes: ['image/jpeg'],
      }),
    ).toBe('image/jpeg');
    // A type the engine has no table for takes the extension its signature suggests.
    const audio = { ...limits, allowedTypes: ['audio/mpeg'] };
    const mp3 = { mime: 'audio/mpeg', ext: 'mp3' };
    expect(admitAttachment(file({ fileName: 'call.mp3', sniffed: mp3 }), audio)).toBe('audio/mpeg');
    expect(refusal(() => admitAttachment(file({ fileName: 'call.mpga', sniffed: mp3 }), audio))).toBe(
      'ATTACHMENT_TYPE_MISMATCH',
    );
  });

  it('refuses installers, their patches and transforms, and shell scraps by name, whatever their bytes', () => {
    const programs = ['Invoice-update.msp', 'x.mst', 'x.msu', 'x.msix', 'x.appx', 'x.shs', 'x.shb', 'x.chm', 'x.xll'];
    for (const fileName of programs)
      for (const sniffed of [null, png, { mime: 'application/x-cfb', ext: 'cfb' }])
        expect({
          fileName,
          byName: refusal(() => admitFileName(fileName, limits, 'application/msword')),
          received: refusal(() => admitAttachment(file({ fileName, sniffed, text: sniffed === null }), limits)),
        }).toEqual({ fileName, byName: 'ATTACHMENT_TYPE_NOT_ALLOWED', received: 'ATTACHMENT_TYPE_NOT_ALLOWED' });
  });

  it('refuses a name of a type not accepted before any byte is sent', () => {
    expect(refusal(() => admitFileName('setup.exe', limits))).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect(refusal(() => admitFileName('scan.pdf', limits))).toBe('admitted');
    expect(refusal(() => admitFileName('no-extension', limits))).toBe('admitted');
    // Scripts are plain text to a sniffer: their name is what a desktop runs them by.
    // Trailing dots and spaces, which Windows drops on saving, do not hide the extension; nor do
    // shortcuts, web queries and the like, which a desktop follows or runs when opened.
    const disguised = ['x.hta.', 'x.hta...', 'x.hta .', 'x.HTA. .', 'x.url', 'x.scf', 'x.iqy', 'x.settingcontent-ms'];
    const others = ['x.msc', 'x.wsc', 'x.sct', 'x.command', 'x.desktop', 'x.inf', 'x.slk', 'x.appref-ms'];
    // The sister formats of those: a file refused under one name must not pass under its twin.
    const twins = [
      ...['invoice.mht', 'page.xht', 'x.website', 'x.webloc', 'x.inetloc', 'x.fileloc', 'connect.rdp'],
      ...['x.application', 'x.appinstaller', 'x.ms-appinstaller', 'x.jnlp', 'x.ws', 'x.ps1xml', 'x.psd1'],
      ...['x.py', 'x.pyw', 'x.search-ms', 'x.ins', 'x.isp', 'x.theme', 'x.themepack', 'x.terminal'],
    ];
    // Its text bytes, once received, are refused the same way (not as a name contradicting text).
    for (const script of [
      'invoice.hta',
      'run.BAT',
      'x.vbs',
      'x.ps1',
      'x.js',
      'x.reg',
      'screen.scr',
      'page.xhtml',
      ...disguised,
      ...others,
      ...twins,
    ])
      expect({
        script,
        byName: refusal(() => admitFileName(script, limits)),
        received: refusal(() => admitAttachment(file({ fileName: script, sniffed: null, text: true }), limits)),
      }).toEqual({ script, byName: 'ATTACHMENT_TYPE_NOT_ALLOWED', received: 'ATTACHMENT_TYPE_NOT_ALLOWED' });
    expect(refusal(() => admitFileName('notes.txt', limits))).toBe('admitted');
    expect(refusal(() => admitFileName('notes.txt.', limits))).toBe('admitted');
    expect(refusal(() => admitFileName('report.', limits))).toBe('admitted');
    // A right-to-left override shows "invoice\u202Efdp.hta" as "invoiceath.pdf".
    expect(refusal(() => admitFileName('invoice\u202Efdp.hta', limits))).toBe('VALIDATION_FAILED');
    expect(refusal(() => admitFileName('facture\u2067x\u2069.pdf', limits))).toBe('VALIDATION_FAILED');
    expect(refusal(() => admitFileName('תמונה.png', limits))).toBe('admitted');
  });

  it('refuses a name its announced type contradicts before any byte is sent; a generic or textual claim is none', () => {
    expect(refusal(() => admitFileName('photo.png', limits, 'application/pdf'))).toBe('ATTACHMENT_TYPE_MISMATCH');
    expect(refusal(() => admitFileName('photo.png', limits, 'image/png'))).toBe('admitted');
    expect(refusal(() => admitFileName('photo.png', limits, 'application/octet-stream'))).toBe('admitted');
    // curl's default for --data-binary.
    expect(refusal(() => admitFileName('photo.png', limits, 'application/x-www-form-urlencoded'))).toBe('admitted');
    expect(refusal(() => admitFileName('notes.txt', limits, 'text/markdown'))).toBe('admitted');
    expect(refusal(() => admitFileName('notes.txt', limits, 'image/png'))).toBe('ATTACHMENT_TYPE_MISMATCH');
    expect(refusal(() => admitFileName('no-extension', limits, 'application/pdf'))).toBe('admitted');
  });

  it('admits a file only with no extension or one its content may carry, and whatever it is claimed as', () => {
    const office = { ...DEFAULT_ATTACHMENT_LIMITS, allowedTypes: [...limits.allowedTypes, 'application/msword'] };
    const sniffs = [png, exe, { mime: 'application/x-cfb', ext: 'cfb' }, { mime: 'application/pdf', ext: 'pdf' }, null];
    const extensions = ['png', 'pdf', 'doc', 'txt', 'msp', 'mst', 'shs', 'msi', 'xyz', 'shot', 'md', 'exe', ''];
    const claims = [undefined, 'application/msword', 'application/vnd.ms-excel', 'image/png', 'application/pdf'];
    fc.assert(
      fc.property(
        fc.constantFrom(...sniffs),
        fc.constantFrom(...extensions),
        fc.constantFrom(...claims),
        fc.constantFrom(...claims),
        (sniffed, extension, declaredType, announcedType) => {
          const fileName = extension === '' ? 'Invoice-update' : `Invoice-update.${extension}`;
          const received = file({ fileName, sniffed, text: sniffed === null, declaredType, announcedType });
          const unclaimed = file({ fileName, sniffed, text: sniffed === null });
          // The claim never decides what the content is; it can only be refused for lying.
          expect(contentTypeOf(received)).toBe(contentTypeOf(unclaimed));
          const outcome = refusal(() => admitAttachment(received, office));
          if (outcome !== 'admitted') return;
          const type = contentTypeOf(received);
          expect(office.allowedTypes).toContain(type);
          if (extension !== '') expect(extensionsOf(type, sniffed?.ext)).toContain(extension);
        },
      ),
    );
  });

  it('admits only allowed types within the limit, for any name, claim and size', () => {
    const types = ['image/png', 'application/pdf', 'application/x-msdownload', 'image/gif', 'application/zip'];
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.boolean(),
        fc.string({ maxLength: 20 }),
        fc.constantFrom('png', 'pdf', 'txt', 'gif', 'zip', 'exe', 'bin', 'x'),
        fc.option(fc.constantFrom(...types, 'text/plain', 'application/octet-stream'), { nil: undefined }),
        fc.integer({ min: 0, max: 2_000 }),
        (mime, sniffs, fileName, extension, declaredType, size) => {
          const received = file({
            fileName: `${fileName}.${extension}`,
            declaredType,
            size,
            sniffed: sniffs ? { mime, ext: 'x' } : null,
            text: !sniffs,
          });
          const outcome = refusal(() => admitAttachment(received, limits));
          if (outcome !== 'admitted') return;
          expect(limits.allowedTypes).toContain(contentTypeOf(received));
          expect(size).toBeGreaterThan(0);
          expect(size).toBeLessThanOrEqual(limits.maxBytes);
        },
      ),
    );
  });

  it('accepts pictures, PDFs and text up to 25 MiB by default', () => {
    expect(DEFAULT_ATTACHMENT_LIMITS.maxBytes).toBe(25 * 1024 * 1024);
    expect(DEFAULT_ATTACHMENT_LIMITS.allowedTypes).toEqual(
      expect.arrayContaining(['image/png', 'application/pdf', 'text/plain']),
    );
    expect(DEFAULT_ATTACHMENT_LIMITS.allowedTypes).not.toContain('application/x-msdownload');
  });
});

describe('admitting a legacy Office file (a CFB container)', () => {
  const office = {
    doc: 'application/msword',
    xls: 'application/vnd.ms-excel',
    ppt: 'application/vnd.ms-powerpoint',
    msg: 'application/vnd.ms-outlook',
  };
  const officeLimits: AttachmentLimits = {
    ...limits,
    allowedTypes: [...limits.allowedTypes, ...Object.values(office)],
  };
  const cfb = { mime: 'application/x-cfb', ext: 'cfb' };
  const container = (fileName: string, declaredType?: string) => file({ fileName, declaredType, sniffed: cfb });

  it('takes the type its name says, .doc, .xls, .ppt or .msg, claimed or not', () => {
    for (const [extension, type] of Object.entries(office)) {
      expect(admitAttachment(container(`Report.${extension.toUpperCase()}`), officeLimits)).toBe(type);
      expect(admitAttachment(container(`report.${extension}`, type), officeLimits)).toBe(type);
      expect(admitAttachment(container(`report.${extension}`, 'application/octet-stream'), officeLimits)).toBe(type);
    }
  });

  it('takes the templates and the slide show as their family: .dot, .xlt, .pot, .pps', () => {
    const family = { dot: office.doc, xlt: office.xls, pps: office.ppt, pot: office.ppt };
    for (const [extension, type] of Object.entries(family)) {
      expect(admitAttachment(container(`template.${extension}`), officeLimits)).toBe(type);
      expect(admitFileName(`template.${extension}`, officeLimits, type)).toBeUndefined();
    }
  });

  it('never takes the claimed type for it: without an Office extension it stays a container', () => {
    // Installers, their patches and transforms, and shell scraps are CFB files too.
    for (const [fileName, claim] of [
      ['quarterly', 'application/vnd.ms-excel'],
      ['mail.eml-export', 'application/vnd.ms-outlook'],
      ['Invoice-update.msp', 'application/msword'],
      ['Invoice-update.mst', 'application/vnd.ms-excel'],
      ['Invoice-update.shs', 'application/vnd.ms-excel'],
      ['Invoice-update.mso', 'application/msword'],
    ] as const) {
      expect(contentTypeOf(container(fileName, claim))).not.toBe(claim);
      expect({ fileName, outcome: refusal(() => admitAttachment(container(fileName, claim), officeLimits)) }).toEqual({
        fileName,
        outcome: 'ATTACHMENT_TYPE_NOT_ALLOWED',
      });
    }
  });

  it('stays a container, refused as a type not accepted, under any other name or claim', () => {
    for (const fileName of ['x.exe', 'x.png', 'x.msi', 'x', 'x.docx']) {
      expect({ fileName, outcome: refusal(() => admitAttachment(container(fileName), officeLimits)) }).toEqual({
        fileName,
        outcome: 'ATTACHMENT_TYPE_NOT_ALLOWED',
      });
    }
    // A known extension speaks first: a picture's name does not become Word by being claimed so.
    expect(refusal(() => admitAttachment(container('x.png', 'application/msword'), officeLimits))).toBe(
      'ATTACHMENT_TYPE_NOT_ALLOWED',
    );
    expect(refusal(() => admitAttachment(container('x', 'image/png'), officeLimits))).toBe(
      'ATTACHMENT_TYPE_NOT_ALLOWED',
    );
  });

  it('refuses a claimed type that contradicts the name', () => {
    expect(refusal(() => admitAttachment(container('budget.doc', 'application/vnd.ms-excel'), officeLimits))).toBe(
      'ATTACHMENT_TYPE_MISMATCH',
    );
    expect(refusal(() => admitAttachment(container('budget.xls', 'application/pdf'), officeLimits))).toBe(
      'ATTACHMENT_TYPE_MISMATCH',
    );
    expect(refusal(() => admitFileName('budget.doc', officeLimits, 'application/vnd.ms-excel'))).toBe(
      'ATTACHMENT_TYPE_MISMATCH',
    );
    // A name of Office type is checked against the bytes like any other: a PNG is not a .doc.
    expect(refusal(() => admitAttachment(file({ fileName: 'photo.doc' }), officeLimits))).toBe(
      'ATTACHMENT_TYPE_MISMATCH',
    );
  });

  it('is accepted by default, and refused by a deployment that does not list it', () => {
    for (const [extension, type] of Object.entries(office)) {
      expect(admitAttachment(container(`a.${extension}`), DEFAULT_ATTACHMENT_LIMITS)).toBe(type);
      expect(refusal(() => admitAttachment(container(`a.${extension}`), limits))).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
      expect(refusal(() => admitFileName(`a.${extension}`, limits))).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
      expect(refusal(() => admitFileName(`a.${extension}`, DEFAULT_ATTACHMENT_LIMITS))).toBe('admitted');
    }
    expect(DEFAULT_ATTACHMENT_LIMITS.allowedTypes).not.toContain('application/x-cfb');
  });
});

describe('the files of a message', () => {
  const ref = (attachmentId: string) => ({
    attachmentId,
    fileName: 'a.png',
    contentType: 'image/png',
    size: 1,
    sha256: 'a'.repeat(64),
  });

  it('names each file once, at most ten, with a SHA-256 digest', () => {
    expect(MessageAttachments.safeParse([ref('a'), ref('b')]).success).toBe(true);
    expect(MessageAttachments.safeParse([ref('a'), ref('a')]).success).toBe(false);
    expect(MessageAttachments.safeParse(Array.from({ length: 11 }, (_, i) => ref(`f${i}`))).success).toBe(false);
    expect(MessageAttachments.safeParse([{ ...ref('a'), sha256: 'xyz' }]).success).toBe(false);
    expect(MessageAttachments.safeParse([{ ...ref('a'), fileName: '../etc/passwd' }]).success).toBe(false);
  });
});
