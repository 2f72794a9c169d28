import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../chat/events.js';
import { keptFromChatReason } from '../routing/follow-ups.js';
import type { Actor } from '../shared/actor.js';
import { provenance } from '../shared/messages.js';
import type { TicketEvent } from '../ticket/events.js';
import { EscalationReason } from '../ticket/values.js';
import { type DueCall, type StaffAlertContext, staffAlertParamsIn, staffAlertsFor } from './staff.js';
import { renderTemplate, TEMPLATE_PARAMS } from './templates.js';

const AT = new Date('2026-01-05T10:00:00.000Z');
const DUE = '2026-01-05T12:00:00.000Z';
const SYSTEM: Actor = { id: 'automation', role: 'system' };
const SUPERVISOR: Actor = { id: 'sup-1', role: 'supervisor' };
const by = (actor: Actor = SYSTEM) => provenance({ now: AT, actor });
const position = { streamId: 'ticket-t1', eventIndex: 4 };

const context = (
  assigneeId: string | null = 'agent-7',
  overrides: Partial<StaffAlertContext> = {},
): StaffAlertContext => ({
  ticket: { ticketId: 't1', subject: 'Checkout fails', priority: 'high', assigneeId },
  supervisors: ['sup-2', 'sup-1'],
  onCall: ['oncall-1'],
  tierMembers: (tier) => (tier === 2 ? ['agent-20', 'agent-21', 'sup-1'] : []),
  ...overrides,
});
const alerted = (event: TicketEvent | ChatEvent, ctx: StaffAlertContext = context()) =>
  staffAlertsFor(event, ctx, position).map(({ template, recipients }) => ({ template, recipients }));

const ticketEvent = (event: { type: string; data: object }) =>
  ({ ...event, data: { ...by(), ticketId: 't1', ...event.data } }) as TicketEvent;
const sla = (type: 'TicketSlaWarning' | 'TicketSlaBreached') =>
  ticketEvent({ type, data: { metric: 'resolution', dueAt: DUE } });
const assigned = (agentId: string, actor: Actor = SUPERVISOR) =>
  ticketEvent({ type: 'TicketAssigned', data: { ...by(actor), agentId } });
const opened = (priority: 'normal' | 'urgent') =>
  ticketEvent({
    type: 'TicketOpened',
    data: {
      customerId: 'c1',
      subject: 'Site down',
      description: 'All pages fail',
      priority,
      channel: 'web',
      proactive: false,
    },
  });
const updateDue = ticketEvent({ type: 'TicketCustomerUpdateDue', data: { dueAt: DUE } });

describe('staffAlertsFor (docs/domain.md#staff-alerts)', () => {
  it('tells the new assignee, unless they took the ticket themselves', () => {
    expect(alerted(assigned('agent-9'))).toEqual([{ template: 'staff.assigned', recipients: ['agent-9'] }]);
    expect(alerted(assigned('agent-9', { id: 'agent-9', role: 'agent' }))).toEqual([]);
    // The ticket of the chat they were holding, kept with them: they know it already.
    const kept = ticketEvent({
      type: 'TicketAssigned',
      data: { ...provenance({ now: AT, actor: SYSTEM }, keptFromChatReason('chat-3')), agentId: 'agent-9' },
    });
    expect(alerted(kept)).toEqual([]);
    // The same ticket given to them by the router (quicker than the conversion) as its preferred agent.
    const routing = { rule: 'preferred_agent', candidates: [], eligible: 1, considered: 1, waitedMs: 0 };
    const routed = ticketEvent({ type: 'TicketAssigned', data: { ...by(SYSTEM), agentId: 'agent-9', routing } });
    expect(alerted(routed)).toEqual([]);
    const byScore = { ...routing, rule: 'best_score' };
    expect(
      alerted(ticketEvent({ type: 'TicketAssigned', data: { ...by(SYSTEM), agentId: 'agent-9', routing: byScore } })),
    ).toEqual([{ template: 'staff.assigned', recipients: ['agent-9'] }]);
  });

  it('tells an agent a chat is theirs when it is routed, assigned or handed over to them, not when they take it', () => {
    const chatEvent = (event: { type: string; data: object }, actor: Actor = SYSTEM) =>
      ({ ...event, data: { ...by(actor), chatId: 'chat-3', ...event.data } }) as ChatEvent;
    const ada: Actor = { id: 'agent-9', role: 'agent' };
    const chatAlerts = (event: ChatEvent) => alerted(event, { ...context(), ticket: null });
    for (const event of [
      chatEvent({ type: 'ChatAssigned', data: { agentId: 'agent-9', mode: 'routed' } }),
      chatEvent({ type: 'ChatAssigned', data: { agentId: 'agent-9', mode: 'assigned' } }, SUPERVISOR),
      chatEvent({ type: 'ChatTransferred', data: { fromAgentId: 'agent-7', toAgentId: 'agent-9' } }, SUPERVISOR),
    ])
      expect(chatAlerts(event), event.type).toEqual([{ template: 'staff.chat.assigned', recipients: ['agent-9'] }]);
    expect(
      chatAlerts(chatEvent({ type: 'ChatAssigned', data: { agentId: 'agent-9', mode: 'accepted' } }, ada)),
    ).toEqual([]);
    expect(
      chatAlerts(chatEvent({ type: 'ChatTransferred', data: { fromAgentId: 'agent-7', toAgentId: 'agent-9' } }, ada)),
    ).toEqual([]);
    const [alert] = staffAlertsFor(
      chatEvent({ type: 'ChatAssigned', data: { agentId: 'agent-9', mode: 'routed' } }),
      { ...context(), ticket: null },
      position,
    );
    expect(alert).toMatchObject({ ticketId: null, chatId: 'chat-3' });
    expect(renderTemplate(alert!.template, 'fr', alert!.params).text).toBe(
      'Le chat chat-3 vous est attribué : un client attend votre réponse.',
    );
  });

  it('warns the assignee of an SLA warning, the supervisors when nobody holds the ticket', () => {
    expect(alerted(sla('TicketSlaWarning'))).toEqual([{ template: 'staff.sla.warning', recipients: ['agent-7'] }]);
    expect(alerted(sla('TicketSlaWarning'), context(null))).toEqual([
      { template: 'staff.sla.warning', recipients: ['sup-1', 'sup-2'] },
    ]);
  });

  it('tells the assignee and the supervisors of a breach', () => {
    expect(alerted(sla('TicketSlaBreached'))).toEqual([
      { template: 'staff.sla.breached', recipients: ['agent-7', 'sup-1', 'sup-2'] },
    ]);
    expect(alerted(sla('TicketSlaBreached'), context(null))).toEqual([
      { template: 'staff.sla.breached', recipients: ['sup-1', 'sup-2'] },
    ]);
  });

  it('tells the new tier, the supervisors and the agent working it of an escalation, once each', () => {
    const escalated = ticketEvent({
      type: 'TicketEscalated',
      data: { fromTier: 1, toTier: 2, escalationReason: 'sla_breach' },
    });
    // The automation moved it: the agent working it (agent-7) learns the ticket went up a tier.
    expect(alerted(escalated)).toEqual([
      { template: 'staff.escalated', recipients: ['agent-20', 'agent-21', 'agent-7', 'sup-1', 'sup-2'] },
    ]);
    // The agent who escalated it knows.
    const ownMove = ticketEvent({
      type: 'TicketEscalated',
      data: { ...by({ id: 'agent-7', role: 'agent' }), fromTier: 1, toTier: 2, escalationReason: 'complexity' },
    });
    expect(alerted(ownMove)).toEqual([
      { template: 'staff.escalated', recipients: ['agent-20', 'agent-21', 'sup-1', 'sup-2'] },
    ]);
    const past = ticketEvent({
      type: 'TicketEscalatedToSupervisors',
      data: { tier: 3, escalationReason: 'sla_breach' },
    });
    expect(alerted(past)).toEqual([
      { template: 'staff.escalated.supervisors', recipients: ['agent-7', 'sup-1', 'sup-2'] },
    ]);
    expect(alerted(past, context(null))).toEqual([
      { template: 'staff.escalated.supervisors', recipients: ['sup-1', 'sup-2'] },
    ]);
    // The new tier and the supervisors hear of it as a group, whoever of them escalated it.
    const bySupervisor = ticketEvent({
      type: 'TicketEscalated',
      data: { ...by(SUPERVISOR), fromTier: 1, toTier: 2, escalationReason: 'complexity' },
    });
    expect(alerted(bySupervisor)).toEqual([
      { template: 'staff.escalated', recipients: ['agent-20', 'agent-21', 'agent-7', 'sup-1', 'sup-2'] },
    ]);
  });

  it("says why a ticket was escalated, in the reader's words", () => {
    // An escalation one tier up, by `actor`, with the reason it recorded.
    const escalatedBy = (actor: Actor, note: string, escalationReason: string) =>
      staffAlertsFor(
        ticketEvent({
          type: 'TicketEscalated',
          data: { ...provenance({ now: AT, actor }, note), fromTier: 1, toTier: 2, escalationReason },
        }),
        context(),
        position,
      );
    const [up] = staffAlertsFor(
      ticketEvent({ type: 'TicketEscalated', data: { fromTier: 1, toTier: 2, escalationReason: 'complexity' } }),
      context(),
      position,
    );
    expect(up?.params).toMatchObject({ tier: '2', reason: 'complexity' });
    expect(renderTemplate(up!.template, 'en', up!.params).text).toMatch(
      /moved up to tier 2\. Reason: needs a higher tier\.$/,
    );
    // The agent's note comes after the reason, as they wrote it.
    const [noted] = escalatedBy(SUPERVISOR, 'needs T2 access', 'complexity');
    expect(renderTemplate(noted!.template, 'fr', noted!.params).text).toMatch(
      /Motif : demande un niveau supérieur \("needs T2 access"\)\.$/,
    );
    const [automatic] = escalatedBy(SYSTEM, 'resolution SLA breached', 'sla_breach');
    expect(renderTemplate(automatic!.template, 'fr', automatic!.params).text).toMatch(/Motif : SLA dépassé\.$/);
    // The threshold rule records sla_breach too, though nothing was breached: its alert says what happened.
    const [threshold] = escalatedBy(SYSTEM, 'unresolved past the escalation threshold', 'sla_breach');
    expect(renderTemplate(threshold!.template, 'en', threshold!.params).text).toMatch(
      /Reason: unresolved past the escalation threshold\.$/,
    );
    expect(renderTemplate(threshold!.template, 'fr', threshold!.params).text).toMatch(
      /Motif : non résolu au-delà du seuil d'escalade\.$/,
    );
    const [past] = staffAlertsFor(
      ticketEvent({ type: 'TicketEscalatedToSupervisors', data: { tier: 3, escalationReason: 'sla_breach' } }),
      context(),
      position,
    );
    expect(renderTemplate(past!.template, 'en', past!.params).text).toMatch(/Reason: SLA breached\.$/);
    expect(renderTemplate(past!.template, 'fr', past!.params).text).toMatch(/Motif : SLA dépassé\.$/);
    // Every reason has its words in every locale: no raw id reaches a reader.
    for (const reason of EscalationReason.options)
      for (const locale of ['en', 'fr'] as const)
        expect(renderTemplate('staff.escalated', locale, { reason }).text).not.toContain(reason);
  });

  it('asks the supervisors to follow up a low rating of a ticket or a chat', () => {
    const ticketRating = ticketEvent({ type: 'TicketFollowUpRequested', data: { score: 1, comment: 'Slow' } });
    const [alert] = staffAlertsFor(ticketRating, context(), position);
    expect(alert).toMatchObject({
      template: 'staff.csat.low',
      recipients: ['sup-1', 'sup-2'],
      ticketId: 't1',
      chatId: null,
      params: { ticketId: 't1', score: '1', comment: 'Slow' },
    });
    expect(renderTemplate(alert!.template, 'en', alert!.params).text).toBe(
      'A customer rated ticket t1 1 out of 5. Comment: Slow',
    );
    const chatRating: ChatEvent = {
      type: 'ChatFollowUpRequested',
      data: { ...by(), chatId: 'chat-3', customerId: 'c1', score: 2 },
    };
    const chatAlerts = staffAlertsFor(chatRating, { ...context(), ticket: null }, position);
    // A chat's alert names the chat, as a chat, so a screen can link it and a reader knows what it is.
    expect(chatAlerts).toEqual([
      {
        id: 'alert:ticket-t1:4',
        template: 'staff.csat.low.chat',
        kind: 'warning',
        params: { chatId: 'chat-3', score: '2', comment: '—' },
        recipients: ['sup-1', 'sup-2'],
        ticketId: null,
        chatId: 'chat-3',
        dueAt: null,
      },
    ]);
    const { template, params } = chatAlerts[0]!;
    expect(renderTemplate(template, 'en', params).text).toBe('A customer rated chat chat-3 2 out of 5. Comment: —');
    expect(renderTemplate(template, 'fr', params).text).toBe(
      'Un client a noté le chat chat-3 2 sur 5. Commentaire : —',
    );
  });

  it('pages the on-call list when an urgent ticket is opened or a ticket is raised to urgent', () => {
    expect(alerted(opened('urgent'), { ...context(), ticket: null })).toEqual([
      { template: 'staff.incident', recipients: ['oncall-1'] },
    ]);
    expect(staffAlertsFor(opened('urgent'), { ...context(), ticket: null }, position)[0]?.params).toMatchObject({
      subject: 'Site down',
      priority: 'urgent',
    });
    expect(alerted(opened('normal'))).toEqual([]);
    const raised = (to: 'urgent' | 'high') =>
      ticketEvent({ type: 'TicketPriorityChanged', data: { from: 'normal', to } });
    expect(alerted(raised('urgent'))).toEqual([{ template: 'staff.incident', recipients: ['oncall-1'] }]);
    expect(alerted(raised('high'))).toEqual([]);
  });

  it('pages the on-call list again when an urgent ticket is reopened: the incident is back', () => {
    const moved = (reopen: boolean) =>
      ticketEvent({ type: 'TicketStatusChanged', data: { from: 'resolved', to: 'in_progress', reopen } });
    const urgent = context('agent-7', {
      ticket: { ticketId: 't1', subject: 'Checkout fails', priority: 'urgent', assigneeId: 'agent-7' },
    });
    expect(alerted(moved(true), urgent)).toEqual([{ template: 'staff.incident', recipients: ['oncall-1'] }]);
    expect(staffAlertsFor(moved(true), urgent, position)[0]?.params).toMatchObject({ priority: 'urgent' });
    // Not for a ticket that is not urgent, nor for a move that is no reopen.
    expect(alerted(moved(true))).toEqual([]);
    expect(alerted(moved(false), urgent)).toEqual([]);
  });

  it("tells the assignee, else the supervisors, that an urgent ticket's customer is due an update", () => {
    expect(alerted(updateDue)).toEqual([{ template: 'staff.update.due', recipients: ['agent-7'] }]);
    expect(alerted(updateDue, context(null))).toEqual([
      { template: 'staff.update.due', recipients: ['sup-1', 'sup-2'] },
    ]);
  });

  it('tells the assignee (else the supervisors) a booked call is due, and the assignee and supervisors it was missed', () => {
    const callback = { callbackId: 'cb-1', callbackAt: DUE };
    const due = ticketEvent({ type: 'TicketCallbackDue', data: callback });
    const missed = ticketEvent({ type: 'TicketCallbackMissed', data: callback });
    expect(alerted(due)).toEqual([{ template: 'staff.callback.due', recipients: ['agent-7'] }]);
    expect(alerted(due, context(null))).toEqual([{ template: 'staff.callback.due', recipients: ['sup-1', 'sup-2'] }]);
    expect(alerted(missed)).toEqual([{ template: 'staff.callback.missed', recipients: ['agent-7', 'sup-1', 'sup-2'] }]);
  });

  it('tells an agent given a ticket of the calls on it already due, whoever gave it to them', () => {
    const dueCall = {
      callbackId: 'cb-1',
      callbackAt: DUE,
      phone: '+33612345678',
      timeZone: 'Europe/Paris',
      actor: SYSTEM,
    };
    const withCalls = (dueCalls: readonly DueCall[]) =>
      context('agent-9', {
        ticket: { ticketId: 't1', subject: 'Checkout fails', priority: 'high', assigneeId: 'agent-9', dueCalls },
      });
    const handedOver = staffAlertsFor(assigned('agent-9'), withCalls([dueCall]), position);
    expect(handedOver.map(({ id, template, recipients }) => ({ id, template, recipients }))).toEqual([
      { id: 'alert:ticket-t1:4', template: 'staff.assigned', recipients: ['agent-9'] },
      { id: 'alert:ticket-t1:4:cb-1', template: 'staff.callback.due', recipients: ['agent-9'] },
    ]);
    expect(renderTemplate(handedOver[1]!.template, 'en', handedOver[1]!.params).text).toBe(
      "Call the customer of ticket t1 'Checkout fails' now (+33612345678): the call was booked for 2026-01-05 12:00 UTC, 2026-01-05 13:00 (Europe/Paris) for the customer.",
    );
    // Taken by themselves: no word of the assignment, but of the call.
    const taken = staffAlertsFor(assigned('agent-9', { id: 'agent-9', role: 'agent' }), withCalls([dueCall]), position);
    expect(taken.map(({ template }) => template)).toEqual(['staff.callback.due']);
    // No call due, no alert of one.
    expect(alerted(assigned('agent-9'), withCalls([]))).toEqual([
      { template: 'staff.assigned', recipients: ['agent-9'] },
    ]);
  });

  it("tells the assignee the customer replied (an unassigned ticket's reply waits in the queue)", () => {
    const reply = ticketEvent({ type: 'TicketCustomerReplied', data: { body: 'Still broken' } });
    expect(alerted(reply)).toEqual([{ template: 'staff.customer.replied', recipients: ['agent-7'] }]);
  });

  it('tells nobody when the sender of a ticket closed as spam writes again', () => {
    const reply = ticketEvent({ type: 'TicketCustomerReplied', data: { body: 'Buy now!!!' } });
    const spam = context('agent-7', { ticket: { ...context().ticket!, closedAsSpam: true } });
    expect(alerted(reply, spam)).toEqual([]);
    expect(alerted(reply, context('agent-7', { ticket: { ...context().ticket!, closedAsSpam: false } }))).toHaveLength(
      1,
    );
  });

  it('sends no alert without recipients, nor for events staff need not hear about', () => {
    expect(alerted(sla('TicketSlaWarning'), context(null, { supervisors: [] }))).toEqual([]);
    expect(alerted(ticketEvent({ type: 'TicketCustomerReplied', data: { body: 'Hello?' } }), context(null))).toEqual(
      [],
    );
    expect(alerted(ticketEvent({ type: 'TicketTagsAdded', data: { tags: ['vip'] } }))).toEqual([]);
  });

  it("quotes the customer's unanswered words to whoever a ticket is assigned to, only when there are some", () => {
    const waiting = context('agent-7', {
      ticket: {
        ticketId: 't1',
        subject: 'Checkout fails',
        priority: 'high',
        assigneeId: null,
        unanswered: 'Still broken',
      },
    });
    expect(staffAlertsFor(assigned('agent-9'), waiting, position)[0]?.params.message).toBe('Still broken');
    expect(staffAlertsFor(assigned('agent-9'), context(), position)[0]?.params).not.toHaveProperty('message');
  });

  it('derives one id per event and supplies every placeholder its template uses', () => {
    const events = [
      assigned('agent-9'),
      sla('TicketSlaWarning'),
      sla('TicketSlaBreached'),
      updateDue,
      opened('urgent'),
    ];
    // The customer's last words waiting, which an assignment quotes.
    const waiting = context('agent-7', {
      ticket: {
        ticketId: 't1',
        subject: 'Checkout fails',
        priority: 'high',
        assigneeId: 'agent-7',
        unanswered: 'Still broken',
      },
    });
    for (const event of events) {
      const [alert] = staffAlertsFor(event, waiting, position);
      expect(alert?.id).toBe('alert:ticket-t1:4');
      expect(Object.keys(alert?.params ?? {}).sort()).toEqual([...TEMPLATE_PARAMS[alert!.template]].sort());
      expect(renderTemplate(alert!.template, 'en', alert!.params).text).not.toMatch(/''|\(\)/);
      // Times read as a person writes them, not as ISO timestamps.
      expect(renderTemplate(alert!.template, 'en', alert!.params).text).not.toMatch(/\d{2}:\d{2}:\d{2}/);
    }
    const [breach] = staffAlertsFor(sla('TicketSlaBreached'), context(), position);
    expect(renderTemplate(breach!.template, 'en', breach!.params).text).toContain('(due at 2026-01-05 12:00 UTC)');
  });

  it('tells whoever owes a call the number to dial and the time it is for the customer', () => {
    const due = (data: object) =>
      staffAlertsFor(
        ticketEvent({ type: 'TicketCallbackDue', data: { callbackId: 'cb-1', callbackAt: DUE, ...data } }),
        context(),
        position,
      )[0]!;
    const withNumber = due({ phone: '+33612345678', timeZone: 'Europe/Paris' });
    expect(renderTemplate(withNumber.template, 'en', staffAlertParamsIn(withNumber, 'Asia/Tokyo')).text).toBe(
      "Call the customer of ticket t1 'Checkout fails' now (+33612345678): the call was booked for 2026-01-05 21:00 (Asia/Tokyo), 2026-01-05 13:00 (Europe/Paris) for the customer.",
    );
    // Booked without a number (the one on file), recorded before alerts showed the zone.
    const onFile = due({});
    expect(renderTemplate(onFile.template, 'fr', onFile.params).text).toBe(
      "Appelez maintenant le client du ticket t1 'Checkout fails' (au numéro enregistré) : l'appel était prévu à 2026-01-05 12:00 UTC, 2026-01-05 12:00 UTC pour le client.",
    );
  });

  it('says no number is on file when the profile holds none (the incident call is booked anyway)', () => {
    const [alert] = staffAlertsFor(
      ticketEvent({
        type: 'TicketCallbackDue',
        data: { callbackId: 'incident@2026-01-05T11:50:00.000Z', callbackAt: DUE, timeZone: 'UTC' },
      }),
      context('agent-7', { customer: { phone: null, timeZone: null } }),
      position,
    );
    expect(renderTemplate(alert!.template, 'en', alert!.params).text).toContain(
      "'Checkout fails' now (no number on file: ask the customer for one): ",
    );
    expect(renderTemplate(alert!.template, 'fr', alert!.params).text).toContain(
      "'Checkout fails' (aucun numéro enregistré : demandez-en un au client) : ",
    );
  });

  it("names the number on file when the call was booked without one, and a critical incident's own call in the customer's zone", () => {
    const customer = { phone: '+2348031234567', timeZone: 'Africa/Lagos' };
    const due = (data: object) =>
      staffAlertsFor(
        ticketEvent({ type: 'TicketCallbackDue', data: { callbackAt: DUE, ...data } }),
        context('agent-7', { customer }),
        position,
      )[0]!;
    // Booked by the automation for the incident, in UTC: the customer was told their own time.
    const incident = due({ callbackId: 'incident@2026-01-05T11:50:00.000Z', timeZone: 'UTC' });
    expect(renderTemplate(incident.template, 'en', incident.params).text).toBe(
      "Call the customer of ticket t1 'Checkout fails' now (+2348031234567): the call was booked for 2026-01-05 12:00 UTC, 2026-01-05 13:00 (Africa/Lagos) for the customer.",
    );
    // Booked by a person in their own zone, without a number: that zone stands, the number on file is named.
    const booked = due({ ...by({ id: 'cust-1', role: 'customer' }), callbackId: 'cb-2', timeZone: 'Europe/Paris' });
    expect(renderTemplate(booked.template, 'en', booked.params).text).toContain(
      'now (+2348031234567): the call was booked for 2026-01-05 12:00 UTC, 2026-01-05 13:00 (Europe/Paris) for the customer.',
    );
  });

  it("shows a due time in each reader's own zone, UTC for a reader without one, and leaves other alerts alone", () => {
    const [breach] = staffAlertsFor(sla('TicketSlaBreached'), context(), position);
    expect(breach!.dueAt).toBe(DUE);
    const textIn = (zone: string | null) =>
      renderTemplate(breach!.template, 'en', staffAlertParamsIn(breach!, zone)).text;
    expect(textIn('Europe/Paris')).toContain('(due at 2026-01-05 13:00 (Europe/Paris))');
    expect(textIn('America/New_York')).toContain('(due at 2026-01-05 07:00 (America/New_York))');
    expect(textIn(null)).toContain('(due at 2026-01-05 12:00 UTC)');
    const [callback] = staffAlertsFor(
      ticketEvent({ type: 'TicketCallbackDue', data: { callbackId: 'cb-1', callbackAt: DUE } }),
      context(),
      position,
    );
    expect(staffAlertParamsIn(callback!, 'Asia/Tokyo').dueAt).toBe('2026-01-05 21:00 (Asia/Tokyo)');
    const [incident] = staffAlertsFor(opened('urgent'), context(), position);
    expect([incident!.dueAt, staffAlertParamsIn(incident!, 'Europe/Paris')]).toEqual([null, incident!.params]);
  });
});
