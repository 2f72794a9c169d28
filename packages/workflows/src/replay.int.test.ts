import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { HISTORY_FIXTURES_DIR } from './harness.fixture.js';
import { replayHistoryFiles } from './replay.js';

describe('workflow determinism', () => {
  it('replays every recorded history fixture against the current workflow code', async () => {
    const fixtures = (await readdir(HISTORY_FIXTURES_DIR)).filter((file) => file.endsWith('.history.json')).sort();
    expect(fixtures.length).toBeGreaterThanOrEqual(2);
    const outcomes = await replayHistoryFiles(HISTORY_FIXTURES_DIR);
    expect(outcomes).toEqual(fixtures.map((file) => ({ file })));
  });
});
