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
  /**
   * Most events one set of seals covers; 10,000 by default. A round over more (the first round
   * on a long existing log) writes several sets one after another, so memory stays bounded.
   */
  readonly maxEventsPerSeal?: number;
}

/** What one sealing round wrote. */
export interface SealRound {
  /** Stream seals written (a stream sealed in two sets of one round counts twice). */
  readonly streams: number;
  readonly events: number;
  /**
   * Events that took a version already sealed (a stream's sealed events deleted, then new ones
   * appended in their place): history rewritten outside the engine. They are not sealed (the
   * first seal stands, and `audit verify` reports the version); whoever runs the sealer is told.
   */
  readonly resealed: readonly { readonly streamId: string; readonly version: number }[];
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
  const { store, file, privateKey, clock = () => new Date(), batchSize = 1000, maxEventsPerSeal = 10_000 } = options;
  let state: { checkpoint: Checkpoint; lastLine: string | null } | undefined;
  // Each stream's highest sealed version: an event at or below it was sealed before.
  const sealedUpTo = new Map<string, number>();

  async function resume() {
    const contents = await readSealFile(file, createPublicKey(privateKey));
    for (const seal of contents.seals)
      if (seal.kind === 'stream') for (const [version] of seal.events) raiseSealed(seal.streamId, version);
    const last = contents.seals.findLast((seal): seal is LogSeal => seal.kind === 'log');
    return { checkpoint: last ? parseCheckpoint(last.checkpoint) : START, lastLine: contents.lastLine };
  }

  function raiseSealed(streamId: string, version: number) {
    if (version > (sealedUpTo.get(streamId) ?? 0)) sealedUpTo.set(streamId, version);
  }

  /** Whether an event holds a version sealed before: the stream was rewritten under it. */
  const takesSealedVersion = (event: RecordedEvent) => event.streamVersion <= (sealedUpTo.get(event.streamId) ?? 0);

  /** The events after `from`, up to about `maxEventsPerSeal` of them (whole pages). */
  async function readChunk(from: Checkpoint): Promise<RecordedEvent[]> {
    const chunk: RecordedEvent[] = [];
    for (let checkpoint = from; chunk.length < maxEventsPerSeal; ) {
      const page = await store.readAll(checkpoint, { limit: batchSize });
      if (page.length === 0) break;
      chunk.push(...page);
      checkpoint = page.at(-1)!.checkpoint;
    }
    return chunk;
  }

  /**
   * Signs and appends a stream seal per stream of `newlySealed`, then the seal of the log's head
   * as `fresh` (every event read, `newlySealed` among them) leaves it.
   */
  async function seal(
    fresh: readonly RecordedEvent[],
    newlySealed: readonly RecordedEvent[],
    lastLine: string | null,
  ): Promise<string | null> {
    const sealedAt = clock().toISOString();
    const byStream = new Map<string, SealedEvent[]>();
    for (const event of newlySealed) {
      const sealed: SealedEvent = [event.streamVersion, String(event.checkpoint.globalPosition), event.hash];
      const events = byStream.get(event.streamId);
      if (events) events.push(sealed);
      else byStream.set(event.streamId, [sealed]);
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
    let previous = lastLine;
    for (const item of seals) {
      const line = signSealLine(item, previous, privateKey);
      lines.push(line);
      previous = lineDigest(line);
    }
    await appendSealLines(file, lines);
    return previous;
  }

  return {
    async sealOnce() {
      state ??= await resume();
      const round = { streams: 0, events: 0, resealed: [] as { streamId: string; version: number }[] };
      for (;;) {
        const fresh = await readChunk(state.checkpoint);
        if (fresh.length === 0) return round;
        const resealed = fresh.filter(takesSealedVersion);
        const sealed = resealed.length === 0 ? fresh : fresh.filter((event) => !takesSealedVersion(event));
        const lastLine = await seal(fresh, sealed, state.lastLine);
        state = { checkpoint: fresh.at(-1)!.checkpoint, lastLine };
        for (const event of sealed) raiseSealed(event.streamId, event.streamVersion);
        round.streams += new Set(sealed.map((event) => event.streamId)).size;
        round.events += sealed.length;
        round.resealed.push(...resealed.map((event) => ({ streamId: event.streamId, version: event.streamVersion })));
      }
    },
  };
}

function parseCheckpoint(text: string): Checkpoint {
  const [transactionId = '0', globalPosition = '0'] = text.split(':');
  return { transactionId: BigInt(transactionId), globalPosition: BigInt(globalPosition) };
}
