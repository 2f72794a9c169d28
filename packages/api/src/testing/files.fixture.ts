/** The smallest PDF `file-type` reads as `application/pdf`: a header, a catalog and a trailer. */
export const SAMPLE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
