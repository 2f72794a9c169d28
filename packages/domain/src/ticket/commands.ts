import { z } from 'zod';
import { type MessageAttachment, MessageAttachments } from '../attachment/values.js';
import { inlineImagesFit } from '../inbound-mail/inline-images.js';
import { MailOrigin } from '../inbound-mail/origin.js';
import { RoutingExplanation } from '../routing/explanation.js';
import { Id } from '../shared/actor.js';
import { defineCommand } from '../shared/messages.js';
import { Instant } from '../shared/time.js';
import { parseOrThrow } from '../shared/validation.js';
import { CsatCommentInput, CsatScore, FollowUpNote, LanguageTag } from '../shared/values.js';
import { CallbackReason, PhoneNumber } from './callback-values.js';
import { AutoCloseReason, StaffCloseReason, TicketStatus } from './lifecycle.js';
import { Tags } from './tags.js';
import {
  CategoryInput,
  EscalationReason,
  LinkedArticles,
  MESSAGE_CONTENT,
  MessageBody,
  MessageText,
  Reason,
  ReminderNumber,
  SlaMetric,
  SubjectInput,
  TicketChannel,
  TicketPriority,
  Transcript,
  Visibility,
} from './values.js';

/**
 * The refinement of a message command that came by mail: its inline images fit its text and its
 * files ({@link inlineImagesFit}; `VALIDATION_FAILED` on `mail.inline`).
 */
function inlineImagesFitIn<Text extends 'body' | 'description'>(
  text: Text,
): [
  (command: {
    readonly data: { readonly [K in Text]: string } & {
      readonly attachments?: readonly MessageAttachment[] | undefined;
      readonly mail?: MailOrigin | undefined;
    };
  }) => boolean,
  { message: string; path: string[] },
] {
  return [
    (command) => inlineImagesFit(command.data[text], command.data.attachments, command.data.mail?.inline),
    {
      message: "an inline image lies within the text and is one of the message's images",
      path: ['data', 'mail', 'inline'],
    },
  ];
}

/**
 * Opens a ticket. Customers open their own tickets; staff open them on a customer's behalf
 * (phone, email import) and the system opens accepted proactive suggestions and converted chats.
 */
export const OpenTicket = defineCommand('OpenTicket', {
  ticketId: Id,
  customerId: Id,
  subject: SubjectInput,
  description: MessageBody,
  /** Files sent with the description, already stored (the API resolves uploaded ids to these). */
  attachments: MessageAttachments.optional(),
  /** Left out: the category's default priority (docs/policies.md#which-terms-govern-a-ticket), else `normal`. */
  priority: TicketPriority.optional(),
  category: CategoryInput.optional(),
  channel: TicketChannel,
  language: LanguageTag.optional(),
  proactive: z.boolean().default(false),
  suggestionId: Id.optional(),
  transcript: Transcript.optional(),
  /** An agent who should get the ticket while eligible (a converted chat's agent keeps it). */
  preferredAgentId: Id.optional(),
  /** The mail it came as (channel `email`), set by the mail ingress only. */
  mail: MailOrigin.optional(),
})
  .refine(...inlineImagesFitIn('description'))
  .refine((c) => c.data.suggestionId === undefined || c.data.proactive, {
    message: 'suggestionId is only meaningful on a proactive ticket',
    path: ['data', 'suggestionId'],
  })
  // The engine's offer of help is never an emergency, nor an afterthought (docs/domain.md#priorities).
  .refine((c) => !c.data.proactive || c.data.priority === undefined || ['normal', 'high'].includes(c.data.priority), {
    message: 'a proactive ticket is normal or high, never low or urgent',
    path: ['data', 'priority'],
  });

/** The refinement that admits a close reason only on a move to `closed` (`field`: the status the command moves to). */
function closeReasonOnlyToClosed(
  field: 'nextStatus' | 'to',
): [
  (command: { readonly data: { readonly closeReason?: string; readonly [key: string]: unknown } }) => boolean,
  { message: string; path: string[] },
] {
  return [
    (command) => command.data.closeReason === undefined || command.data[field] === 'closed',
    { message: `a close reason goes with ${field} closed only`, path: ['data', 'closeReason'] },
  ];
}

/**
 * A staff message on the ticket. A public reply may also set the next status in the same
 * command ("reply and set waiting_customer", "reply and resolve"); internal notes never change status.
 * `articles` are the knowledge-base articles the message links, recorded with it.
 */
export const ReplyToTicket = defineCommand('ReplyToTicket', {
  ticketId: Id,
  /** May be left empty when the message sends files. */
  body: MessageText.default(''),
  visibility: Visibility.default('public'),
  nextStatus: TicketStatus.exclude(['new']).optional(),
  /** Why, when the reply closes the ticket (`manual` by default). */
  closeReason: StaffCloseReason.optional(),
  articles: LinkedArticles.optional(),
  attachments: MessageAttachments.optional(),
  /** The mail it came as (a staff member answering their alert by mail), set by the mail ingress only. */
  mail: MailOrigin.optional(),
})
  .refine(...MESSAGE_CONTENT)
  .refine(...inlineImagesFitIn('body'))
  .refine((c) => c.data.visibility === 'public' || c.data.nextStatus === undefined, {
    message: 'an internal note cannot change the status',
    path: ['data', 'nextStatus'],
  })
  .refine(...closeReasonOnlyToClosed('nextStatus'));

/** A message from the ticket's customer: words, files or both. */
export const CustomerReply = defineCommand('CustomerReply', {
  ticketId: Id,
  body: MessageText.default(''),
  attachments: MessageAttachments.optional(),
  /** The mail it came as, set by the mail ingress only. */
  mail: MailOrigin.optional(),
})
  .refine(...MESSAGE_CONTENT)
  .refine(...inlineImagesFitIn('body'));

/** A staff member moves the ticket along the lifecycle table (a close with its reason, `manual` by default). */
export const ChangeStatus = defineCommand('ChangeStatus', {
  ticketId: Id,
  to: TicketStatus,
  closeReason: StaffCloseReason.optional(),
  reason: Reason.optional(),
}).refine(...closeReasonOnlyToClosed('to'));

/** Closes a ticket at once, unanswered, as spam or as invalid (the only way `new -> closed`). */
export const CloseAsSpam = defineCommand('CloseAsSpam', {
  ticketId: Id,
  kind: z.enum(['spam', 'invalid']).default('spam'),
  reason: Reason.optional(),
});

/** The customer confirms a resolved ticket is done, closing it (support guide, scenario 2). */
export const ConfirmResolution = defineCommand('ConfirmResolution', { ticketId: Id });

/**
 * Gives the ticket to an agent (or to another agent). The router (system only) adds its
 * `routing` explanation and `ifUnassigned`, so it never takes a ticket someone assigned meanwhile.
 * The agent's capacity is the agent's stream to enforce (`ReserveWork` comes first).
 */
export const AssignTicket = defineCommand('AssignTicket', {
  ticketId: Id,
  agentId: Id,
  reason: Reason.optional(),
  routing: RoutingExplanation.optional(),
  ifUnassigned: z.boolean().optional(),
});

/** Puts the ticket back in the queue; with `agentId`, only if that agent still holds it. */
export const UnassignTicket = defineCommand('UnassignTicket', {
  ticketId: Id,
  reason: Reason.optional(),
  agentId: Id.optional(),
});

/** Changes the priority (and so the SLA targets). */
export const ChangePriority = defineCommand('ChangePriority', {
  ticketId: Id,
  priority: TicketPriority,
  reason: Reason.optional(),
});

/** Sets or clears (`null`) the category. */
export const ChangeCategory = defineCommand('ChangeCategory', {
  ticketId: Id,
  category: CategoryInput.nullable(),
  reason: Reason.optional(),
});

/** Labels the ticket for triage; tags it already carries are left as they are. */
export const AddTicketTags = defineCommand('AddTicketTags', { ticketId: Id, tags: Tags });

/** Takes labels off the ticket; tags it does not carry are ignored. */
export const RemoveTicketTags = defineCommand('RemoveTicketTags', { ticketId: Id, tags: Tags });

/**
 * Moves the ticket one support tier up; past the top tier, into the supervisors' queue. `note` is
 * free text recorded as the event's reason.
 */
export const Escalate = defineCommand('Escalate', {
  ticketId: Id,
  reason: EscalationReason,
  note: Reason.optional(),
});

/**
 * Automation: remind the customer of a waiting ticket. `periodStart` (optional) is the
 * `waitingSince` the timer was scheduled from; a timer from an earlier waiting period is ignored.
 */
export const SendReminder = defineCommand('SendReminder', {
  ticketId: Id,
  n: ReminderNumber,
  periodStart: Instant.optional(),
});

/**
 * Automation: close a ticket left waiting for the customer (`no_customer_response`) or left
 * resolved (`resolved_timeout`). `periodStart` (optional) is the `statusSince` the timer was
 * scheduled from; a timer from an earlier period is ignored.
 */
export const AutoClose = defineCommand('AutoClose', {
  ticketId: Id,
  reason: AutoCloseReason,
  periodStart: Instant.optional(),
});

/** Automation: an SLA clock is close to its deadline `dueAt`. */
export const RecordSlaWarning = defineCommand('RecordSlaWarning', { ticketId: Id, metric: SlaMetric, dueAt: Instant });

/** Automation: an SLA clock passed its deadline `dueAt`. */
export const RecordSlaBreach = defineCommand('RecordSlaBreach', { ticketId: Id, metric: SlaMetric, dueAt: Instant });

/**
 * Automation: the customer of an urgent ticket is due an update from the team at `dueAt`
 * (`customerUpdateDueAt`). Nothing happens when the ticket is no longer due then, or was already flagged.
 */
export const FlagCustomerUpdateDue = defineCommand('FlagCustomerUpdateDue', { ticketId: Id, dueAt: Instant });

/**
 * Automation: applies the SLA terms the current configuration gives the ticket, after an edit of
 * the configuration. Nothing happens when they are the terms it already has, or it is closed.
 */
export const RefreshSla = defineCommand('RefreshSla', { ticketId: Id });

/**
 * Books a call to the customer at `at` (UTC; `timeZone` is theirs, to show it as they meant it),
 * on `phone` (else the number on file), for `reason`. The customer on their own ticket, or staff.
 */
export const ScheduleCallback = defineCommand('ScheduleCallback', {
  ticketId: Id,
  callbackId: Id,
  at: Instant,
  timeZone: z.string().trim().min(1).max(64),
  phone: PhoneNumber.optional(),
  reason: CallbackReason,
});

/** Staff made the call; `outcome` says what came of it. */
export const CompleteCallback = defineCommand('CompleteCallback', {
  ticketId: Id,
  callbackId: Id,
  outcome: Reason.optional(),
});

/** The customer or staff call off a booked call. */
export const CancelCallback = defineCommand('CancelCallback', {
  ticketId: Id,
  callbackId: Id,
  reason: Reason.optional(),
});

/** Automation: the callback's time came; the assignee is alerted. */
export const RecordCallbackDue = defineCommand('RecordCallbackDue', { ticketId: Id, callbackId: Id });

/** Automation: nobody made the call in time; the ticket then escalates. */
export const MarkCallbackMissed = defineCommand('MarkCallbackMissed', { ticketId: Id, callbackId: Id });

/** The customer rates the support received (CSAT). */
export const RateTicket = defineCommand('RateTicket', {
  ticketId: Id,
  score: CsatScore,
  comment: CsatCommentInput,
});

/** A supervisor records the follow-up of a low rating as done, with what was done. */
export const CompleteFollowUp = defineCommand('CompleteFollowUp', {
  ticketId: Id,
  note: FollowUpNote.optional(),
});

/**
 * Moves the ticket from customer `from` to `to`, who `from` was merged into (the engine's own);
 * once moved, nothing more.
 */
export const ChangeTicketCustomer = defineCommand('ChangeTicketCustomer', {
  ticketId: Id,
  from: Id,
  to: Id,
  reason: z.string().trim().min(1).max(2000),
});

/** Every command the ticket aggregate accepts, discriminated on `type`. */
export const TicketCommand = z.discriminatedUnion('type', [
  OpenTicket,
  ReplyToTicket,
  CustomerReply,
  ChangeStatus,
  CloseAsSpam,
  ConfirmResolution,
  AssignTicket,
  UnassignTicket,
  ChangePriority,
  ChangeCategory,
  AddTicketTags,
  RemoveTicketTags,
  Escalate,
  SendReminder,
  AutoClose,
  RecordSlaWarning,
  RecordSlaBreach,
  FlagCustomerUpdateDue,
  RefreshSla,
  RateTicket,
  CompleteFollowUp,
  ScheduleCallback,
  CompleteCallback,
  CancelCallback,
  RecordCallbackDue,
  MarkCallbackMissed,
  ChangeTicketCustomer,
]);
export type TicketCommand = z.infer<typeof TicketCommand>;
/** One ticket command type, narrowed by its `type`. */
export type TicketCommandOf<T extends TicketCommand['type']> = Extract<TicketCommand, { type: T }>;
/** The command's input before defaults are applied (what callers may send). */
export type TicketCommandInput = z.input<typeof TicketCommand>;

/** Validates untrusted input as a ticket command, or throws a `VALIDATION_FAILED` DomainError. */
export function parseTicketCommand(input: unknown): TicketCommand {
  return parseOrThrow(TicketCommand, input, 'ticket command');
}
