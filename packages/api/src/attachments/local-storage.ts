import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../errors/codes.js';
import { type AttachmentStorage, assertStorageKey } from './storage.js';

/** Partial files older than this are what a crash left mid-write: swept at start. */
const STALE_PARTIAL_MS = 60 * 60 * 1000;

/**
 * Attachments in a folder of the local filesystem (the data dir by default). A write goes to
 * `.partial/` first and is renamed into place once complete (a rename is atomic within one
 * filesystem), so readers never see half a file and a failed write leaves only its partial file,
 * which is removed at once. Files spread over 256 sub-folders by key, each made once (and again
 * should it vanish).
 */
export async function createLocalAttachmentStorage(root: string): Promise<AttachmentStorage> {
  const partials = join(root, '.partial');
  await mkdir(partials, { recursive: true });
  await sweepPartials(partials);
  const pathOf = (key: string) => {
    assertStorageKey(key);
    return join(root, key.slice(0, 2).toLowerCase(), key);
  };
  const folders = new Set<string>();
  /** Moves a complete file into place, making its folder the first time (or when it was removed meanwhile). */
  async function place(partial: string, target: string): Promise<void> {
    const folder = join(target, '..');
    if (folders.has(folder)) {
      const moved = await rename(partial, target).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return false;
          throw error;
        },
      );
      if (moved) return;
    }
    await mkdir(folder, { recursive: true });
    folders.add(folder);
    await rename(partial, target);
  }
  return {
    kind: 'local',
    async write(key, body) {
      const target = pathOf(key);
      const partial = join(partials, `${key}.${randomUUID()}`);
      try {
        // Bytes in hand are written in one call: a stream's machinery costs more than the write.
        if (body instanceof Uint8Array) await writeFile(partial, body, { flag: 'wx' });
        else await pipeline(body, createWriteStream(partial, { flags: 'wx' }));
        await place(partial, target);
      } catch (error) {
        await rm(partial, { force: true });
        throw storageFull(error) ?? error;
      }
    },
    async read(key) {
      const path = pathOf(key);
      const size = await stat(path).then(
        (found) => found.size,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return null;
          throw error;
        },
      );
      return size === null ? null : { body: createReadStream(path) as Readable, size };
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/** The disk (or the quota of the folder's owner) is full: a refusal of the deployment's, not a fault of the request. */
function storageFull(error: unknown): ApiError | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return undefined;
  return new ApiError('ATTACHMENT_STORAGE_FULL', 'The attachment storage is full; try again later');
}

async function sweepPartials(partials: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(partials)) {
    const path = join(partials, name);
    const { mtimeMs } = await stat(path);
    if (now - mtimeMs > STALE_PARTIAL_MS) await rm(path, { force: true });
  }
}
