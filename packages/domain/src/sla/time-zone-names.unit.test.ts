import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, knownTimeZone } from './calendar.js';
import { RESOLVED_TIME_ZONE_NAMES } from './time-zone-names.js';

// One zone is recorded one way: as the time-zone database spells the name chosen, whatever the
// case it was typed in, and without turning a right name into another (Europe/Kyiv stays).

/** Every name the runtime or the database spells: the runtime's own, and those it resolves elsewhere. */
const NAMES = [...Intl.supportedValuesOf('timeZone'), ...RESOLVED_TIME_ZONE_NAMES];

/** `name` with each letter in the case `upper` says (cycled). */
const recased = (name: string, upper: boolean[]) =>
  [...name].map((char, i) => (upper[i % upper.length] ? char.toUpperCase() : char.toLowerCase())).join('');

describe('a time zone as recorded', () => {
  it('is the name as the database spells it, an alias or a renamed zone too', () => {
    for (const [typed, spelled] of [
      ['america/montreal', 'America/Montreal'],
      ['us/eastern', 'US/Eastern'],
      ['EUROPE/PARIS', 'Europe/Paris'],
      ['asia/calcutta', 'Asia/Calcutta'],
      ['asia/kolkata', 'Asia/Kolkata'],
      ['europe/kyiv', 'Europe/Kyiv'],
      ['etc/utc', 'Etc/UTC'],
      ['antarctica/dumontdurville', 'Antarctica/DumontDUrville'],
      ['america/port-au-prince', 'America/Port-au-Prince'],
    ] as const)
      expect([typed, knownTimeZone(typed)]).toEqual([typed, spelled]);
  });

  it('keeps a name typed as the database spells it, and a name it does not know as given', () => {
    for (const name of ['America/Montreal', 'US/Eastern', 'Asia/Kolkata', 'Europe/Kyiv', 'UTC', 'Etc/GMT+5'])
      expect(canonicalTimeZone(name)).toBe(name);
    expect(canonicalTimeZone('Mars/Olympus')).toBe('Mars/Olympus');
  });

  it('is the same whatever the case it was typed in, a name that spells itself, and the same zone', () => {
    const instant = Date.UTC(2026, 6, 1);
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (name, upper) => {
        const recorded = knownTimeZone(recased(name, upper));
        expect(recorded).toBe(name);
        expect(canonicalTimeZone(recorded)).toBe(recorded);
        expect(IANAZone.create(recorded).offset(instant)).toBe(IANAZone.create(name).offset(instant));
      }),
      { numRuns: 500 },
    );
  });

  it('lists only names the runtime knows, each once', () => {
    for (const name of RESOLVED_TIME_ZONE_NAMES) expect([name, IANAZone.isValidZone(name)]).toEqual([name, true]);
    const lower = RESOLVED_TIME_ZONE_NAMES.map((name) => name.toLowerCase());
    expect(new Set(lower).size).toBe(lower.length);
  });
});
