import type { KeyObject } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { lineDigest, type Seal, type SealLine, sealLineVerifies } from './seal.js';

const Position = z.string().regex(/^\d+$/);
const SealLineSchema = z.object({
  seal: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('stream'),
      streamId: z.string(),
      events: z.array(z.tuple([z.number().int().min(1), Position, z.string()])).min(1),
      sealedAt: z.string(),
    }),
    z.object({
      kind: z.literal('log'),
      streamId: z.string(),
      version: z.number().int().min(1),
      globalPosition: Position,
      hash: z.string(),
      checkpoint: z.string(),
      sealedAt: z.string(),
    }),
  ]),
  prev: z.string().nullable(),
  signature: z.string(),
});

/** A line of the seal file that cannot be trusted, and why. */
export interface BadSealLine {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly reason: string;
}

/** What a seal file holds: the seals whose signature verifies, and the lines that do not. */
export interface SealFileContents {
  readonly seals: readonly Seal[];
  readonly bad: readonly BadSealLine[];
  /** The digest the next line must link to. */
  readonly lastLine: string | null;
}

/**
 * Reads the seal file and checks every line: JSON, signature (with `publicKey`) and link to the
 * line before. A missing file holds no seals. Lines that fail are reported, not thrown: an
 * altered seal file is itself a finding of the verification.
 */
export async function readSealFile(file: string, publicKey: KeyObject): Promise<SealFileContents> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { seals: [], bad: [], lastLine: null };
    throw error;
  }
  const seals: Seal[] = [];
  const bad: BadSealLine[] = [];
  let previous: string | null = null;
  text.split('\n').forEach((raw, index) => {
    if (raw === '') return;
    const line = index + 1;
    const parsed = parseLine(raw);
    if (!parsed) bad.push({ line, reason: 'not a seal line' });
    else if (!sealLineVerifies(parsed, publicKey)) bad.push({ line, reason: 'signature does not verify' });
    else {
      if (parsed.prev !== previous)
        bad.push({ line, reason: 'does not follow the line before it (lines removed or reordered)' });
      seals.push(parsed.seal);
    }
    previous = lineDigest(raw);
  });
  return { seals, bad, lastLine: previous };
}

function parseLine(raw: string): SealLine | undefined {
  try {
    const result = SealLineSchema.safeParse(JSON.parse(raw));
    return result.success ? (result.data as SealLine) : undefined;
  } catch {
    return undefined;
  }
}

/** Appends lines (already signed) to the seal file, creating it owner-only; one write, then fsync. */
export async function appendSealLines(file: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  await appendFile(file, `${lines.join('\n')}\n`, { mode: 0o600, flag: 'a', flush: true });
}
