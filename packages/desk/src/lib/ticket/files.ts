/** Image types the browser shows inline: the timeline previews these, and links the rest. */
const PREVIEWED = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Whether the timeline shows a file of this type as an image. */
export function previewable(contentType: string): boolean {
  return PREVIEWED.has(contentType.toLowerCase());
}

/** A file's size in the user's language (`12 kB`, `1.5 MB`). */
export function formatSize(bytes: number, language: string): string {
  const [value, unit] =
    bytes >= 1_000_000
      ? [bytes / 1_000_000, 'megabyte']
      : bytes >= 1_000
        ? [bytes / 1_000, 'kilobyte']
        : [bytes, 'byte'];
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value);
}

/**
 * A stored file's bytes, read with the caller's token (the API streams `Attachment.url` only to
 * whoever may read a message carrying it, so a plain link or `<img src>` would not be let in).
 */
export async function fetchFile(url: string, token: string): Promise<Blob> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.blob();
}

/** A blob as a `data:` URL (the page's CSP lets images come from the engine or `data:` only). */
export function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** Whether a drag carries files (dropped on a form, they are attached; dragged text still drops into its box). */
export function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}
