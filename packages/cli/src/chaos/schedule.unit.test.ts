import { describe, expect, it } from 'vitest';
import { PARTITION_FAULT } from './partition.js';
import { seededRandom } from './random.js';
import { FAULT_KINDS, faultSchedule, formatSchedule } from './schedule.js';

const OPTIONS = { startMs: 10_000, endMs: 70_000, rounds: 2 };

describe('the fault schedule', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(faultSchedule(seededRandom(42), OPTIONS)).toEqual(faultSchedule(seededRandom(42), OPTIONS));
    expect(faultSchedule(seededRandom(43), OPTIONS)).not.toEqual(faultSchedule(seededRandom(42), OPTIONS));
  });

  it('holds every kind once a round, one fault at a time within the window', () => {
    const faults = faultSchedule(seededRandom(7), OPTIONS);
    expect(faults).toHaveLength(FAULT_KINDS.length * 2);
    for (const kind of FAULT_KINDS) expect(faults.filter((f) => f.kind === kind)).toHaveLength(2);
    for (const [i, fault] of faults.entries()) {
      expect(fault.atMs).toBeGreaterThanOrEqual(OPTIONS.startMs);
      expect(fault.atMs + fault.holdMs).toBeLessThanOrEqual(faults[i + 1]?.atMs ?? OPTIONS.endMs);
    }
  });

  it('leaves out the kinds the machine cannot inject', () => {
    const faults = faultSchedule(seededRandom(7), { ...OPTIONS, without: [PARTITION_FAULT] });
    expect(faults).toHaveLength((FAULT_KINDS.length - 1) * 2);
    expect(faults.map((f) => f.kind)).not.toContain(PARTITION_FAULT);
  });

  it('partitions the one projector in the namespace, past its locks heartbeat where the slot has room', () => {
    const partitions = faultSchedule(seededRandom(7), OPTIONS).filter((f) => f.kind === PARTITION_FAULT);
    expect(partitions.map((f) => f.target)).toEqual([1, 1]);
    const long = faultSchedule(seededRandom(7), { startMs: 0, endMs: 900_000, rounds: 2 });
    for (const partition of long.filter((f) => f.kind === PARTITION_FAULT))
      expect(partition.holdMs).toBeGreaterThan(5_000);
  });

  it('prints the seed to replay it', () => {
    expect(formatSchedule(42, faultSchedule(seededRandom(42), OPTIONS))).toMatch(
      /^chaos: seed 42, 18 faults \(replay with --seed 42\)\n {2}\+/,
    );
  });
});
