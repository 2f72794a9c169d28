import { describe, expect, it } from 'vitest';
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
      /^chaos: seed 42, 20 faults \(replay with --seed 42\)\n {2}\+/,
    );
  });
});
