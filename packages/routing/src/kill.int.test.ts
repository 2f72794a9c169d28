import { fileURLToPath } from 'node:url';
import { START } from '@support-engine/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild } from '../../application/src/testing/run-child.fixture.js';
import { createFloor, type Floor } from './testing/floor.fixture.js';
import { checkLedgers } from './testing/ledger-check.fixture.js';

// The router is killed (SIGKILL) right between the two halves of its hand-overs, again and
// again, while chats keep coming and ending. When it is finally left alone, no chat was lost
// (each was routed exactly once) and no slot leaked or was counted twice.

const CHILD = fileURLToPath(new URL('./testing/router-child.fixture.ts', import.meta.url));
const CHATS = 40;
const KILLS = 6;

describe('router killed mid-decision', () => {
  let floor: Floor;

  beforeAll(async () => {
    floor = await createFloor();
    await floor.staff(['k1', 'k2', 'k3', 'k4'], 2);
    for (let i = 0; i < CHATS; i++) await floor.startChat(`chat-${i}`);
  });
  afterAll(async () => floor?.close());

  /** The chats assigned and not closed yet, by the log. */
  async function activeChats(): Promise<string[]> {
    const log = await floor.store.readAll(START, { limit: 1_000_000 });
    const status = new Map<string, string>();
    for (const event of log) {
      if (event.type === 'ChatAssigned') status.set(event.data.chatId as string, 'active');
      if (event.type === 'ChatClosed') status.set(event.data.chatId as string, 'closed');
    }
    return [...status].filter(([, s]) => s === 'active').map(([chatId]) => chatId);
  }

  it('loses no chat and routes none twice, whatever the moment it dies', async () => {
    for (let kill = 0; kill < KILLS; kill++) {
      const { exited } = runChild(CHILD, [floor.connectionString, 1 + Math.floor(Math.random() * 3)]);
      const { signal, output } = await exited;
      // It died by its own hand, between a reservation and its item's assignment.
      expect(signal).toBe('SIGKILL');
      expect(output).toContain('killed after reservation');
      // Customers leave in the meantime, freeing slots for the next run.
      for (const chatId of (await activeChats()).slice(0, 3)) await floor.closeChat(chatId);
    }

    const { child, exited } = runChild(CHILD, [floor.connectionString]);
    // Left alone, it routes the rest as chats end, until every chat has been served.
    await expect
      .poll(
        async () => {
          for (const chatId of await activeChats()) await floor.closeChat(chatId);
          const log = await floor.store.readAll(START, { limit: 1_000_000 });
          return new Set(log.filter((e) => e.type === 'ChatClosed').map((e) => e.data.chatId)).size;
        },
        { timeout: 60_000, interval: 300 },
      )
      .toBe(CHATS);
    await expect.poll(async () => (await checkLedgers(floor.store)).leftOpen, { timeout: 20_000 }).toEqual([]);
    child.kill('SIGTERM');
    await exited;

    const log = await floor.store.readAll(START, { limit: 1_000_000 });
    const assignments = new Map<string, number>();
    for (const event of log.filter((e) => e.type === 'ChatAssigned')) {
      const chatId = event.data.chatId as string;
      assignments.set(chatId, (assignments.get(chatId) ?? 0) + 1);
    }
    expect(assignments.size).toBe(CHATS);
    expect([...assignments.values()].every((count) => count === 1)).toBe(true);
    const check = await checkLedgers(floor.store);
    expect(check).toEqual({ overCapacity: [], mismatches: [], leftOpen: [] });
    // Every reservation a killed run left half-done was finished or cancelled by a later run.
    const reserved = log.filter((e) => e.type === 'AgentWorkReserved').length;
    const released = log
      .filter((e) => e.type === 'AgentWorkReleased')
      .reduce((sum, e) => sum + (e.data.released as unknown[]).length, 0);
    expect(released).toBe(reserved);
  }, 300_000);
});
