import { createPublicKey, type KeyObject } from 'node:crypto';
import { type Checkpoint, START } from '../checkpoint.js';
import type { EventStore, RecordedEvent } from '../port.js';
import { type LogSeal, lineDigest, type Seal, type SealedEvent, signSealLine } from './seal.js';
import { appendSealLines, readSealFile } from './seal-file.js';

/** Options of {@link createSealer}. */
export interface SealerOptions {
  readonly store: Pick<EventStore, 'readAll'>;
  /** The append-only seal file (JSON lines); created on the first seal. */
  readonly file: string;
  /** The Ed25519 key the seals are signed with; never stored in the database. */
  readonly privateKey: KeyObject;
  /** When seals say they were made; the system clock by default. */
  readonly clock?: () => Date;
  /** Events read per page; 1,000 by default. */
  readonly batchSize?: number;
}

/** What one sealing round wrote. */
export interface SealRound {
  readonly streams: number;
  readonly events: number;
}

/**
 * Seals what the log gained since the last seal: one signed seal per stream that moved (every new
 * event's version, position and hash) and one seal of the log's head. It reads the log gap-safely
 * from the checkpoint of the last log seal in the file, so an event that commits late is sealed in
 * a later round, never skipped. One sealer per seal file: it is the file's only writer.
 */
export interface Sealer {
  sealOnce(): Promise<SealRound>;
}

/** Creates a {@link Sealer}; it reads the seal file once, on its first round. */
export function createSealer(options: SealerOptions): Sealer {
  const { store, file, privateKey, clock = () => new Date(), batchSize = 1000 } = options;
  let state: { checkpoint: Checkpoint; lastLine: string | null } | undefined;

  async function resume() {
    const contents = await readSealFile(file, createPublicKey(privateKey));
    const last = contents.seals.findLast((seal): seal is LogSeal => seal.kind === 'log');
    return { checkpoint: last ? parseCheckpoint(last.checkpoint) : START, lastLine: contents.lastLine };
  }

  return {
    async sealOnce() {
      state ??= await resume();
      const fresh: RecordedEvent[] = [];
      for (let checkpoint = state.checkpoint; ; ) {
        const page = await store.readAll(checkpoint, { limit: batchSize });
        if (page.length === 0) break;
        fresh.push(...page);
        checkpoint = page.at(-1)!.checkpoint;
      }
      if (fresh.length === 0) return { streams: 0, events: 0 };

      const sealedAt = clock().toISOString();
      const byStream = new Map<string, SealedEvent[]>();
      for (const event of fresh) {
        const sealed: SealedEvent = [event.streamVersion, String(event.checkpoint.globalPosition), event.hash];
        byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), sealed]);
      }
      const seals: Seal[] = [...byStream].map(([streamId, events]) => ({
        kind: 'stream',
        streamId,
        events: events.sort((a, b) => a[0] - b[0]),
        sealedAt,
      }));
      // The head is the event with the highest position (not the last read): truncating the log
      // by position must remove it.
      const head = fresh.reduce((a, b) => (b.checkpoint.globalPosition > a.checkpoint.globalPosition ? b : a));
      const last = fresh.at(-1)!.checkpoint;
      seals.push({
        kind: 'log',
        streamId: head.streamId,
        version: head.streamVersion,
        globalPosition: String(head.checkpoint.globalPosition),
        hash: head.hash,
        checkpoint: `${last.transactionId}:${last.globalPosition}`,
        sealedAt,
      });

      const lines: string[] = [];
      let previous = state.lastLine;
      for (const seal of seals) {
        const line = signSealLine(seal, previous, privateKey);
        lines.push(line);
        previous = lineDigest(line);
      }
      await appendSealLines(file, lines);
      state = { checkpoint: last, lastLine: previous };
      return { streams: byStream.size, events: fresh.length };
    },
  };
}

function parseCheckpoint(text: string): Checkpoint {
  const [transactionId = '0', globalPosition = '0'] = text.split(':');
  return { transactionId: BigInt(transactionId), globalPosition: BigInt(globalPosition) };
}
