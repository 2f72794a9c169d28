import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Locale,
  localeFor,
  Placeholder,
  placeholdersOf,
  renderTemplate,
  TEMPLATE_PARAMS,
  TEMPLATES,
  TemplateKey,
  TemplateOverrides,
} from './templates.js';

const KEYS = TemplateKey.options;
const LOCALES = Locale.options;
/** Values without braces: a value never forges a placeholder of its own. */
const valueArb = fc.string({ maxLength: 40 }).filter((s) => !s.includes('{') && !s.includes('}'));
const paramsArb = fc.dictionary(fc.constantFrom(...Placeholder.options), valueArb);

describe('the template catalogs', () => {
  it.each(LOCALES)('%s has every template key, each with a title and a body', (locale) => {
    expect(Object.keys(TEMPLATES[locale]).sort()).toEqual([...KEYS].sort());
    for (const key of KEYS)
      expect(TEMPLATES[locale][key]).toMatchObject({ title: expect.any(String), body: expect.any(String) });
  });

  it.each(LOCALES)('%s uses only the placeholders the rules supply', (locale) => {
    for (const key of KEYS) {
      const { title, body } = TEMPLATES[locale][key];
      for (const name of placeholdersOf(`${title} ${body}`)) expect(TEMPLATE_PARAMS[key]).toContain(name);
    }
  });

  it('rendering never leaves a {placeholder}, whatever the values', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KEYS), fc.constantFrom(...LOCALES), paramsArb, (key, locale, params) => {
        const { title, text } = renderTemplate(key, locale, params);
        expect(placeholdersOf(`${title} ${text}`)).toEqual([]);
      }),
    );
  });

  it('fills the placeholders as plain text, without escaping', () => {
    expect(renderTemplate('ticket.resolved', 'en', { subject: '<b>Tom & Jerry</b>', ticketId: 't-1' })).toEqual({
      title: 'Support ticket: Resolved',
      text: "Your ticket '<b>Tom & Jerry</b>' is resolved",
    });
    expect(
      renderTemplate('staff.sla.breached', 'fr', {
        subject: 'Paiement',
        ticketId: 't-9',
        metric: 'resolution',
        dueAt: '2026-01-05T12:00:00.000Z',
      }).text,
    ).toBe("L'objectif de résolution du ticket t-9 'Paiement' est dépassé (échéance 2026-01-05T12:00:00.000Z).");
  });

  it('words a priority and an SLA metric in the locale', () => {
    const ticket = { subject: 'Paiement', ticketId: 't-9' };
    expect(renderTemplate('staff.assigned', 'fr', { ...ticket, priority: 'high' }).text).toBe(
      "Le ticket t-9 'Paiement' (priorité haute) vous est attribué.",
    );
    expect(renderTemplate('staff.assigned', 'en', { ...ticket, priority: 'high' }).text).toBe(
      "Ticket t-9 'Paiement' (high) is yours.",
    );
    const warning = { ...ticket, metric: 'first_response', dueAt: '10:00' };
    expect(renderTemplate('staff.sla.warning', 'fr', warning).text).toContain(
      "L'objectif de première réponse du ticket",
    );
    expect(renderTemplate('staff.sla.warning', 'en', warning).text).toContain('The first response target of ticket');
  });
});

describe('overrides', () => {
  it('replace the title or body of one template in one locale', () => {
    const overrides = TemplateOverrides.parse({ fr: { 'ticket.opened': { title: 'Bien reçu' } } });
    expect(renderTemplate('ticket.opened', 'fr', { subject: 'Accès' }, overrides)).toEqual({
      title: 'Bien reçu',
      text: "Votre ticket 'Accès' a bien été reçu.",
    });
    expect(renderTemplate('ticket.opened', 'en', { subject: 'Access' }, overrides).title).toBe(
      'Support ticket: Received',
    );
  });

  it('are refused when they use a placeholder the rules do not supply for that template', () => {
    const parsed = TemplateOverrides.safeParse({ en: { 'ticket.closed': { body: 'Closed at {dueAt}' } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['en', 'ticket.closed', 'body'] });
  });

  it("may place an agent's reply in the reply's notice, and only there", () => {
    const overrides = TemplateOverrides.parse({ en: { 'ticket.replied': { body: "On '{subject}':\n\n{message}" } } });
    expect(
      renderTemplate('ticket.replied', 'en', { subject: 'Access', message: 'Try again now' }, overrides).text,
    ).toBe("On 'Access':\n\nTry again now");
    expect(TemplateOverrides.safeParse({ en: { 'ticket.closed': { body: 'Closed: {message}' } } }).success).toBe(false);
  });

  it('are refused for an unknown locale or template key', () => {
    expect(TemplateOverrides.safeParse({ de: {} }).success).toBe(false);
    expect(TemplateOverrides.safeParse({ en: { 'ticket.lost': { title: 'x' } } }).success).toBe(false);
  });
});

describe('localeFor', () => {
  it.each([
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['FR-be', 'fr'],
    ['en-GB', 'en'],
    ['pt-BR', 'en'],
    ['fra', 'en'],
    [undefined, 'en'],
    [null, 'en'],
  ] as const)('%s -> %s', (language, locale) => {
    expect(localeFor(language)).toBe(locale);
  });
});
