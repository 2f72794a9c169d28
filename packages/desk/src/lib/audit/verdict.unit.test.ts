import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/index.ts';
import type { AuditVerificationFields } from '../queries/audit.ts';
import { verdictLines } from './verdict.ts';

const INTACT: AuditVerificationFields = {
  ok: true,
  unsealedEvents: 0,
  lastSealedAt: '2026-03-01T10:00:00.000Z',
  altered: [],
};
const words = (verification: AuditVerificationFields, count: number, language: 'en' | 'fr' = 'en') =>
  verdictLines(verification, count, (iso) => `<${iso}>`).map((line) => translate(language, line.key, line.values));

describe('a history verification in plain words', () => {
  it('says every event is intact and sealed, up to when', () => {
    expect(words(INTACT, 14)).toEqual(['All 14 events are intact and sealed (last seal <2026-03-01T10:00:00.000Z>).']);
    expect(words(INTACT, 14, 'fr')).toEqual([
      'Les 14 événements sont intacts et scellés (dernier scellement <2026-03-01T10:00:00.000Z>).',
    ]);
  });

  it('counts the newest events not sealed yet, or says none is when there is no seal', () => {
    expect(words({ ...INTACT, unsealedEvents: 3 }, 14)[0]).toMatch(
      /^All 14 events are intact: the first 11 are sealed .* the 3 newest/,
    );
    expect(words({ ...INTACT, lastSealedAt: null, unsealedEvents: 14 }, 14)).toEqual([
      'All 14 events are intact (their hash chain holds); none is sealed yet.',
    ]);
  });

  it('names the first event that breaks the chain, why, and how many more problems follow', () => {
    const broken: AuditVerificationFields = {
      ...INTACT,
      ok: false,
      altered: [
        { version: 4, problem: 'altered' },
        { version: 9, problem: 'broken_link' },
      ],
    };
    expect(words(broken, 14)).toEqual([
      'This history is NOT intact: the chain breaks at event 4.',
      'That event was changed after it was written: its content no longer gives its hash, or not the sealed one.',
      '1 more problems follow.',
    ]);
    expect(words({ ...broken, altered: [{ version: 2, problem: 'bad_seal' }] }, 14, 'fr')[0]).toBe(
      'Les sceaux ne se vérifient PAS : la ligne 2 du fichier des sceaux est mauvaise.',
    );
  });
});
