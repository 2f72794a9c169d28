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
    const faults = faultSchedule(seededRandom(7), { ...OPTIONS, without: [PARTITION_FAULT, 'fill-disk'] });
    expect(faults).toHaveLength((FAULT_KINDS.length - 2) * 2);
    expect(faults.map((f) => f.kind)).not.toContain(PARTITION_FAULT);
    expect(faults.map((f) => f.kind)).not.toContain('fill-disk');
  });

  it('hits the one thing a kind has: the servers and the disk as 0, the projector in the namespace as 1', () => {
    const faults = faultSchedule(seededRandom(7), OPTIONS);
    for (const kind of ['kill-postgres', 'kill-temporal', 'fill-disk'] as const)
      expect(faults.filter((f) => f.kind === kind).map((f) => f.target)).toEqual([0, 0]);
    expect(faults.filter((f) => f.kind === PARTITION_FAULT).map((f) => f.target)).toEqual([1, 1]);
    expect(formatSchedule(7, faults)).toMatch(/fill-disk for/);
    expect(formatSchedule(7, faults)).toMatch(/partition-projector #1 for/);
  });

  it("partitions past a lock holder's heartbeat where the slot has room", () => {
    const long = faultSchedule(seededRandom(7), { startMs: 0, endMs: 900_000, rounds: 2 });
    expect(long.filter((f) => f.kind === PARTITION_FAULT)).toHaveLength(2);
    for (const partition of long.filter((f) => f.kind === PARTITION_FAULT))
      expect(partition.holdMs).toBeGreaterThan(5_000);
  });

  it('draws a clock jump for each jump-clock only: a process kind, 5 min to 3 h forward', () => {
    for (const fault of faultSchedule(seededRandom(11), OPTIONS)) {
      if (fault.kind !== 'jump-clock') {
        expect(fault.jump).toBeUndefined();
        continue;
      }
      expect(['api', 'worker', 'projector']).toContain(fault.jump?.process);
      expect(fault.jump?.offsetMs).toBeGreaterThanOrEqual(5 * 60_000);
      expect(fault.jump?.offsetMs).toBeLessThanOrEqual(180 * 60_000);
    }
  });

  it('prints the seed to replay it', () => {
    expect(formatSchedule(42, faultSchedule(seededRandom(42), OPTIONS))).toMatch(
      /^chaos: seed 42, 22 faults \(replay with --seed 42\)\n {2}\+/,
    );
  });
});
