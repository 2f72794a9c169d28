import { describe, expect, it } from 'vitest';
import { MAX_TAGS_PER_TICKET, Tag } from './tags.js';
import { AGENT, by, CUSTOMER, given, historyIn, SYSTEM, TICKET_ID } from './ticket.fixture.js';

const add = (...tags: string[]) => ({ type: 'AddTicketTags', data: { ticketId: TICKET_ID, tags } }) as const;
const remove = (...tags: string[]) => ({ type: 'RemoveTicketTags', data: { ticketId: TICKET_ID, tags } }) as const;

describe('Tag', () => {
  it('normalizes case and whitespace, keeps letters of any script, refuses the rest', () => {
    expect(Tag.parse('  VIP   Customer ')).toBe('vip-customer');
    // Spaces around a hyphen make one separator; hyphens typed on their own are kept as typed.
    expect(Tag.parse('billing - refund')).toBe('billing-refund');
    expect(Tag.parse('billing -- refund')).toBe('billing-refund');
    expect(Tag.parse('a--b')).toBe('a--b');
    expect(Tag.parse('Facturation:Remboursé')).toBe('facturation:remboursé');
    // Scripts whose letters carry combining marks, and an accent typed as a mark (one tag with the precomposed one).
    expect(Tag.parse('हिंदी')).toBe('हिंदी');
    expect(Tag.parse('বাংলা')).toBe('বাংলা');
    expect(Tag.parse('cafe\u0301')).toBe('café');
    // Dotted capital I lower-cases to i plus a combining dot: the same tag as the plain spelling.
    expect(Tag.parse('İstanbul')).toBe('istanbul');
    expect(Tag.parse('İZMİR')).toBe(Tag.parse('izmir'));
    // Full-width letters and ligatures pasted from other tools are the plain tag.
    expect(Tag.parse('ＶＩＰ')).toBe('vip');
    expect(Tag.parse('\ufb01le')).toBe('file');
    expect(Tag.parse('ｶﾀｶﾅ')).toBe('カタカナ');
    for (const bad of ['', '   ', '-leading', '\u0301lone-mark', 'a/b', 'x'.repeat(51), '<script>']) {
      expect(Tag.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('tagging a ticket', () => {
  it('adds only the tags it does not carry, once each, and removes only those it carries', () => {
    const added = given(historyIn('in_progress'))
      .when(add('Refund', 'vip', 'refund'), AGENT)
      .events();
    expect(added).toEqual([
      { type: 'TicketTagsAdded', data: { ...by(AGENT), ticketId: TICKET_ID, tags: ['refund', 'vip'] } },
    ]);
    const history = [...historyIn('in_progress'), ...added];
    const more = given(history).when(add('vip', 'bug'), SYSTEM).events();
    expect(more).toEqual([{ type: 'TicketTagsAdded', data: { ...by(SYSTEM), ticketId: TICKET_ID, tags: ['bug'] } }]);
    const state = given([...history, ...more])
      .when(remove('VIP', 'unknown'), AGENT)
      .thenEmits([{ type: 'TicketTagsRemoved', data: { ...by(AGENT), ticketId: TICKET_ID, tags: ['vip'] } }]);
    expect(state?.tags).toEqual(['refund', 'bug']);
  });

  it('refuses what changes nothing, customers, closed tickets and a tag past the limit', () => {
    const tagged = [...historyIn('in_progress'), ...given(historyIn('in_progress')).when(add('vip'), AGENT).events()];
    given(tagged).when(add('VIP'), AGENT).thenFails('NO_CHANGE');
    // Named once each, as normalized: "vip, VIP" is one tag.
    expect(given(tagged).when(add('vip', 'VIP'), AGENT).thenFails('NO_CHANGE').message).toBe(
      `Ticket ${TICKET_ID} already has tags vip`,
    );
    given(tagged).when(remove('refund'), AGENT).thenFails('NO_CHANGE');
    given(tagged).when(add('refund'), CUSTOMER).thenFails('FORBIDDEN');
    given(historyIn('closed')).when(add('refund'), AGENT).thenFails('INVALID_TRANSITION');
    const many = Array.from({ length: MAX_TAGS_PER_TICKET }, (_, i) => `t${i}`);
    expect(
      given(historyIn('in_progress'))
        .when(add(...many), AGENT)
        .events(),
    ).toHaveLength(1);
    given(tagged)
      .when(add(...many), AGENT)
      .thenFails('TAG_LIMIT_REACHED');
    given(tagged).when(add('a/b'), AGENT).thenFails('VALIDATION_FAILED');
  });
});
