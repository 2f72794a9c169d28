import { z } from 'zod';

/** The languages notifications are written in. */
export const Locale = z.enum(['en', 'fr']);
export type Locale = z.infer<typeof Locale>;

/**
 * Every notification text the engine sends: `ticket.*` and `suggestion.*` to customers, `staff.*`
 * to staff.
 */
export const TemplateKey = z.enum([
  'ticket.opened',
  'ticket.replied',
  'ticket.waiting',
  'ticket.reminder.1',
  'ticket.reminder.2',
  'ticket.resolved',
  'ticket.closed',
  'ticket.closed.no_response',
  'ticket.callback.scheduled',
  'ticket.callback.scheduled.no_phone',
  'ticket.callback.cancelled',
  'suggestion.offered',
  'customer.email.confirm',
  'customer.sign-in',
  'chat.transcript',
  'staff.assigned',
  'staff.sla.warning',
  'staff.sla.breached',
  'staff.escalated',
  'staff.escalated.supervisors',
  'staff.csat.low',
  'staff.csat.low.chat',
  'staff.incident',
  'staff.update.due',
  'staff.callback.due',
  'staff.callback.missed',
  'staff.customer.replied',
  'staff.chat.assigned',
  // The same news on a ticket that came by email, worded as the next message of the conversation.
  'mail.ticket.opened',
  'mail.ticket.replied',
  'mail.ticket.waiting',
  'mail.ticket.resolved',
  'mail.ticket.closed',
]);
export type TemplateKey = z.infer<typeof TemplateKey>;

/** The names a template may use as `{placeholder}`. */
export const Placeholder = z.enum([
  'subject',
  'ticketId',
  'chatId',
  'metric',
  'dueAt',
  'tier',
  'score',
  'priority',
  'comment',
  // The words of the agent's public reply a `ticket.replied` announces.
  'message',
  // The titles of the knowledge-base articles that reply links, one per line.
  'articles',
  // The files sent with that reply, under a heading in the reader's words, one per line with its size.
  'files',
  // Why a ticket was escalated (an `EscalationReason`, in the locale's words).
  'reason',
  // The note a person escalated with, quoted (` ("…")`), or empty.
  'note',
  // The number a call is owed on, in parentheses (` (+33 …)`); empty: the one on file, said in the locale's words.
  'phone',
  // A call's time as the customer lives it ("2026-03-02 15:30 (Europe/Paris)").
  'localTime',
  // The engine's own link (an address confirmation's), the one address a mail may make clickable.
  'link',
  // A chat's conversation as its customer saw it, one message after another (`chatTranscriptParams`).
  'transcript',
]);
export type Placeholder = z.infer<typeof Placeholder>;

/** The values a notification fills its template with. */
export type TemplateParams = Readonly<Partial<Record<Placeholder, string>>>;

/** A notification text: a short `title` (email subject, push title) and a plain-text `body`. */
export const Template = z
  .object({
    title: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(2_000),
  })
  .strict();
export type Template = z.infer<typeof Template>;

const TICKET: readonly Placeholder[] = ['subject', 'ticketId'];
const SLA: readonly Placeholder[] = [...TICKET, 'metric', 'dueAt'];

/**
 * The placeholders the rules supply for each template (`customerNotifications`, `staffAlertsFor`):
 * a template, built in or overridden, may use these and no other.
 */
export const TEMPLATE_PARAMS: Readonly<Record<TemplateKey, readonly Placeholder[]>> = {
  'ticket.opened': TICKET,
  'ticket.replied': [...TICKET, 'message', 'articles', 'files'],
  'ticket.waiting': TICKET,
  'ticket.reminder.1': [...TICKET, 'dueAt'],
  'ticket.reminder.2': [...TICKET, 'dueAt'],
  'ticket.resolved': TICKET,
  'ticket.closed': TICKET,
  'ticket.closed.no_response': TICKET,
  'ticket.callback.scheduled': [...TICKET, 'dueAt'],
  'ticket.callback.scheduled.no_phone': [...TICKET, 'dueAt'],
  'ticket.callback.cancelled': TICKET,
  'suggestion.offered': ['subject'],
  'customer.email.confirm': ['link', 'dueAt'],
  'customer.sign-in': ['link', 'dueAt'],
  'chat.transcript': ['chatId', 'localTime', 'transcript'],
  'staff.assigned': [...TICKET, 'priority', 'message'],
  'staff.sla.warning': SLA,
  'staff.sla.breached': SLA,
  'staff.escalated': [...TICKET, 'tier', 'reason', 'note'],
  'staff.escalated.supervisors': [...TICKET, 'tier', 'reason', 'note'],
  'staff.csat.low': ['ticketId', 'score', 'comment'],
  'staff.csat.low.chat': ['chatId', 'score', 'comment'],
  'staff.incident': [...TICKET, 'priority'],
  'staff.update.due': [...TICKET, 'dueAt'],
  'staff.callback.due': [...TICKET, 'dueAt', 'phone', 'localTime'],
  'staff.callback.missed': [...TICKET, 'dueAt'],
  'staff.customer.replied': [...TICKET, 'message'],
  'staff.chat.assigned': ['chatId'],
  'mail.ticket.opened': TICKET,
  'mail.ticket.replied': [...TICKET, 'message', 'articles', 'files'],
  'mail.ticket.waiting': TICKET,
  'mail.ticket.resolved': TICKET,
  'mail.ticket.closed': TICKET,
};

/**
 * The placeholders of `template` whose values someone outside the team may have written: a
 * ticket's subject, a customer's own words (a reply, what waits for an answer), a rating's
 * comment. A mail shows them as inert text, never as a link or an address a mail client would
 * make clickable: a customer cannot have the support address send anyone a link of theirs. The
 * agent's reply a `ticket.replied` quotes is the team's own words, links included.
 */
export function customerWrittenPlaceholders(template: TemplateKey): readonly Placeholder[] {
  return template === 'ticket.replied' || template === 'mail.ticket.replied'
    ? ['subject']
    : ['subject', 'message', 'comment'];
}

// English keeps the customer texts the inbox has always shown; French follows the support guide.
const EN: Record<TemplateKey, Template> = {
  'ticket.opened': { title: 'Support ticket: Received', body: "Your ticket '{subject}' is received" },
  'ticket.replied': { title: 'Support ticket: New reply', body: "Your ticket '{subject}' has a new reply" },
  'ticket.waiting': {
    title: 'Support ticket: Waiting for your reply',
    body: "Your ticket '{subject}' is waiting for your reply",
  },
  'ticket.reminder.1': {
    title: 'Support ticket: Reminder',
    body: "Reminder: your ticket '{subject}' is waiting for your reply. Without one, it closes on {dueAt}.",
  },
  'ticket.reminder.2': {
    title: 'Support ticket: Second reminder',
    body: "Second reminder: your ticket '{subject}' is waiting for your reply. Without one, it closes on {dueAt}.",
  },
  'ticket.resolved': { title: 'Support ticket: Resolved', body: "Your ticket '{subject}' is resolved" },
  'ticket.closed': { title: 'Support ticket: Closed', body: "Your ticket '{subject}' is closed" },
  'ticket.closed.no_response': {
    title: 'Support ticket: Closed',
    body: "Your ticket '{subject}' is closed for lack of response",
  },
  'ticket.callback.scheduled': {
    title: 'Support ticket: Call booked',
    body: "We will call you about your ticket '{subject}' at {dueAt}.",
  },
  'ticket.callback.scheduled.no_phone': {
    title: 'Support ticket: Call booked',
    body: "We will call you about your ticket '{subject}' at {dueAt}, but we have no phone number for you: please add one to your profile or reply with it.",
  },
  'ticket.callback.cancelled': {
    title: 'Support ticket: Call cancelled',
    body: "The call we booked about your ticket '{subject}' is cancelled: we will not call you for it.",
  },
  'suggestion.offered': {
    title: 'Support: Can we help?',
    body: '{subject} Accept our suggestion and a ticket is opened for you, with what we noticed.',
  },
  'customer.email.confirm': {
    title: 'Support: Confirm your email address',
    body: 'To receive our messages at this address, confirm it by opening this link while signed in, before {dueAt}:\n\n{link}\n\nIf you did not ask for this, ignore this message: nothing will be sent here.',
  },
  'customer.sign-in': {
    title: 'Support: Your sign-in link',
    body: 'To see your requests, open this link before {dueAt}. It works once:\n\n{link}\n\nIf you did not ask to sign in, ignore this message: nobody can sign in without this link.',
  },
  'chat.transcript': {
    title: 'Support chat: Your transcript',
    body: 'Here is the transcript of your chat with us of {localTime}, as you asked.\n\n{transcript}',
  },
  'staff.assigned': { title: 'Ticket assigned to you', body: "Ticket {ticketId} '{subject}' ({priority}) is yours." },
  'staff.sla.warning': {
    title: 'SLA warning',
    body: "The {metric} target of ticket {ticketId} '{subject}' is due at {dueAt}.",
  },
  'staff.sla.breached': {
    title: 'SLA breached',
    body: "The {metric} target of ticket {ticketId} '{subject}' was missed (due at {dueAt}).",
  },
  'staff.escalated': {
    title: 'Ticket escalated',
    body: "Ticket {ticketId} '{subject}' moved up to tier {tier}. Reason: {reason}{note}.",
  },
  'staff.escalated.supervisors': {
    title: 'Ticket escalated to the supervisors',
    body: "Ticket {ticketId} '{subject}' was escalated past tier {tier}: the supervisors take it. Reason: {reason}{note}.",
  },
  'staff.csat.low': {
    title: 'Low satisfaction rating',
    body: 'A customer rated ticket {ticketId} {score} out of 5. Comment: {comment}',
  },
  'staff.csat.low.chat': {
    title: 'Low satisfaction rating',
    body: 'A customer rated chat {chatId} {score} out of 5. Comment: {comment}',
  },
  'staff.incident': {
    title: 'Critical incident',
    body: "Ticket {ticketId} '{subject}' is {priority}: handle it as a critical incident.",
  },
  'staff.update.due': {
    title: 'Customer update due',
    body: "The customer of urgent ticket {ticketId} '{subject}' is due an update (since {dueAt}).",
  },
  'staff.callback.due': {
    title: 'Callback due',
    body: "Call the customer of ticket {ticketId} '{subject}' now{phone}: the call was booked for {dueAt}, {localTime} for the customer.",
  },
  'staff.callback.missed': {
    title: 'Callback missed',
    body: "Nobody called the customer of ticket {ticketId} '{subject}' (booked for {dueAt}): the ticket escalates, unless the supervisors have it already.",
  },
  'staff.customer.replied': {
    title: 'Customer replied',
    body: "The customer replied on ticket {ticketId} '{subject}'.",
  },
  'staff.chat.assigned': {
    title: 'Chat assigned to you',
    body: 'Chat {chatId} is yours: a customer is waiting for your answer.',
  },
  'mail.ticket.opened': {
    title: 'Re: {subject}',
    body: 'Thank you for your message: we have received it and will answer you here.\n\nTo add anything, simply reply to this email.',
  },
  'mail.ticket.replied': { title: 'Re: {subject}', body: '{message}\n\n{articles}\n\n{files}' },
  'mail.ticket.waiting': {
    title: 'Re: {subject}',
    body: 'We need your answer to go on: simply reply to this email.',
  },
  'mail.ticket.resolved': {
    title: 'Re: {subject}',
    body: 'We believe your request is now settled. If anything is still wrong, simply reply to this email and we will pick it up again.',
  },
  'mail.ticket.closed': {
    title: 'Re: {subject}',
    body: 'This conversation is now closed. To ask us something new, write to us again.',
  },
};

const FR: Record<TemplateKey, Template> = {
  'ticket.opened': { title: 'Ticket de support : Reçu', body: "Votre ticket '{subject}' a bien été reçu." },
  'ticket.replied': {
    title: 'Ticket de support : Nouvelle réponse',
    body: "Votre ticket '{subject}' a une nouvelle réponse.",
  },
  'ticket.waiting': {
    title: 'Ticket de support : En attente de votre réponse',
    body: "Votre ticket '{subject}' est maintenant en attente de votre réponse.",
  },
  'ticket.reminder.1': {
    title: 'Ticket de support : Rappel',
    body: "Rappel : votre ticket '{subject}' est en attente de votre réponse. Sans réponse, il sera fermé le {dueAt}.",
  },
  'ticket.reminder.2': {
    title: 'Ticket de support : Second rappel',
    body: "Second rappel : votre ticket '{subject}' est en attente de votre réponse. Sans réponse, il sera fermé le {dueAt}.",
  },
  'ticket.resolved': {
    title: 'Ticket de support : Résolu',
    body: "Votre ticket '{subject}' est maintenant résolu.",
  },
  'ticket.closed': { title: 'Ticket de support : Fermé', body: "Votre ticket '{subject}' est maintenant fermé." },
  'ticket.closed.no_response': {
    title: 'Ticket de support : Fermé',
    body: "Votre ticket '{subject}' est maintenant fermé, faute de réponse.",
  },
  'ticket.callback.scheduled': {
    title: 'Ticket de support : Appel prévu',
    body: "Nous vous appellerons au sujet de votre ticket '{subject}' le {dueAt}.",
  },
  'ticket.callback.scheduled.no_phone': {
    title: 'Ticket de support : Appel prévu',
    body: "Nous vous appellerons au sujet de votre ticket '{subject}' le {dueAt}, mais nous n'avons pas votre numéro de téléphone : ajoutez-le à votre profil ou indiquez-le-nous en répondant.",
  },
  'ticket.callback.cancelled': {
    title: 'Ticket de support : Appel annulé',
    body: "L'appel prévu au sujet de votre ticket '{subject}' est annulé : nous ne vous appellerons pas pour celui-ci.",
  },
  'suggestion.offered': {
    title: 'Support : Pouvons-nous vous aider ?',
    body: '{subject} Acceptez notre suggestion et un ticket est ouvert pour vous, avec ce que nous avons constaté.',
  },
  'customer.email.confirm': {
    title: 'Support : Confirmez votre adresse e-mail',
    body: "Pour recevoir nos messages à cette adresse, confirmez-la en ouvrant ce lien une fois connecté, avant le {dueAt} :\n\n{link}\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne sera envoyé ici.",
  },
  'customer.sign-in': {
    title: 'Support : Votre lien de connexion',
    body: "Pour voir vos demandes, ouvrez ce lien avant le {dueAt}. Il ne sert qu'une fois :\n\n{link}\n\nSi vous n'avez pas demandé à vous connecter, ignorez ce message : personne ne peut se connecter sans ce lien.",
  },
  'chat.transcript': {
    title: 'Chat avec le support : votre transcription',
    body: "Voici la transcription de votre conversation avec nous du {localTime}, comme vous l'avez demandé.\n\n{transcript}",
  },
  'staff.assigned': {
    title: 'Ticket attribué',
    body: "Le ticket {ticketId} '{subject}' (priorité {priority}) vous est attribué.",
  },
  'staff.sla.warning': {
    title: 'Alerte SLA',
    body: "L'objectif {metric} du ticket {ticketId} '{subject}' arrive à échéance à {dueAt}.",
  },
  'staff.sla.breached': {
    title: 'SLA dépassé',
    body: "L'objectif {metric} du ticket {ticketId} '{subject}' est dépassé (échéance {dueAt}).",
  },
  'staff.escalated': {
    title: 'Ticket escaladé',
    body: "Le ticket {ticketId} '{subject}' passe au niveau {tier}. Motif : {reason}{note}.",
  },
  'staff.escalated.supervisors': {
    title: 'Ticket escaladé aux superviseurs',
    body: "Le ticket {ticketId} '{subject}' dépasse le niveau {tier} : les superviseurs le prennent. Motif : {reason}{note}.",
  },
  'staff.csat.low': {
    title: 'Note de satisfaction basse',
    body: 'Un client a noté le ticket {ticketId} {score} sur 5. Commentaire : {comment}',
  },
  'staff.csat.low.chat': {
    title: 'Note de satisfaction basse',
    body: 'Un client a noté le chat {chatId} {score} sur 5. Commentaire : {comment}',
  },
  'staff.incident': {
    title: 'Incident critique',
    body: "Le ticket {ticketId} '{subject}' est en priorité {priority} : traitez-le comme un incident critique.",
  },
  'staff.update.due': {
    title: 'Point client attendu',
    body: "Le client du ticket urgent {ticketId} '{subject}' attend un point de l'équipe (depuis {dueAt}).",
  },
  'staff.callback.due': {
    title: 'Rappel client à passer',
    body: "Appelez maintenant le client du ticket {ticketId} '{subject}'{phone} : l'appel était prévu à {dueAt}, {localTime} pour le client.",
  },
  'staff.callback.missed': {
    title: 'Rappel client manqué',
    body: "Personne n'a rappelé le client du ticket {ticketId} '{subject}' (prévu à {dueAt}) : le ticket est escaladé, sauf si les superviseurs l'ont déjà.",
  },
  'staff.customer.replied': {
    title: 'Réponse du client',
    body: "Le client a répondu sur le ticket {ticketId} '{subject}'.",
  },
  'staff.chat.assigned': {
    title: 'Chat attribué',
    body: 'Le chat {chatId} vous est attribué : un client attend votre réponse.',
  },
  'mail.ticket.opened': {
    title: 'Re: {subject}',
    body: 'Merci pour votre message : nous l’avons bien reçu et vous répondrons ici.\n\nPour ajouter quoi que ce soit, répondez simplement à cet e-mail.',
  },
  'mail.ticket.replied': { title: 'Re: {subject}', body: '{message}\n\n{articles}\n\n{files}' },
  'mail.ticket.waiting': {
    title: 'Re: {subject}',
    body: 'Nous avons besoin de votre réponse pour continuer : répondez simplement à cet e-mail.',
  },
  'mail.ticket.resolved': {
    title: 'Re: {subject}',
    body: 'Nous pensons que votre demande est maintenant réglée. Si quelque chose ne va toujours pas, répondez simplement à cet e-mail et nous la reprendrons.',
  },
  'mail.ticket.closed': {
    title: 'Re: {subject}',
    body: 'Cette conversation est maintenant close. Pour une nouvelle demande, écrivez-nous à nouveau.',
  },
};

/** The built-in texts of every template in every locale. */
export const TEMPLATES: Readonly<Record<Locale, Readonly<Record<TemplateKey, Template>>>> = { en: EN, fr: FR };

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** The `{placeholder}` names a text uses. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
}

/**
 * A deployment's own texts, replacing the built-in title and/or body of some templates in some
 * locales. An override may use only the placeholders the rules supply for its template.
 */
export const TemplateOverrides = z.partialRecord(
  Locale,
  z.partialRecord(TemplateKey, Template.partial()).superRefine((templates, ctx) => {
    for (const [key, template] of Object.entries(templates)) {
      const allowed: readonly string[] = TEMPLATE_PARAMS[key as TemplateKey];
      for (const [part, text] of Object.entries(template ?? {})) {
        for (const name of placeholdersOf(text)) {
          if (!allowed.includes(name)) {
            ctx.addIssue({
              code: 'custom',
              path: [key, part],
              message: `{${name}} is not a placeholder of ${key} (it may use ${allowed.map((p) => `{${p}}`).join(', ')})`,
            });
          }
        }
      }
    }
  }),
);
export type TemplateOverrides = z.infer<typeof TemplateOverrides>;

/** The locale of a BCP 47 language tag: French for any `fr` tag (`fr`, `fr-CA`…), else English. */
export function localeFor(language?: string | null): Locale {
  return language?.split('-')[0]?.toLowerCase() === 'fr' ? 'fr' : 'en';
}

/** A rendered notification: plain text (escaping for HTML is the email channel's job). */
export interface RenderedNotification {
  readonly title: string;
  readonly text: string;
}

/** The heading of a reply's `files`, which a reader downloads from the ticket (a mail carries none). */
const FILES_HEADING: Readonly<Record<Locale, string>> = {
  en: 'Files sent with this reply (open your ticket to download them):',
  fr: 'Fichiers joints à cette réponse (à télécharger depuis votre ticket) :',
};

/**
 * The `files` parameter of a reply that sent files: their names and sizes, one per line, under
 * a heading in `locale`'s words; none without files.
 */
export function attachedFiles(
  files: readonly { readonly fileName: string; readonly size: number }[] | undefined,
  locale: Locale,
): { files?: string } {
  if (files === undefined || files.length === 0) return {};
  const lines = files.map((file) => `- ${file.fileName} (${readableSize(file.size, locale)})`);
  return { files: [FILES_HEADING[locale], ...lines].join('\n') };
}

/** A byte count as readers read it: `12 KB`, `1.5 MB` (`1,5 Mo` in French). */
function readableSize(bytes: number, locale: Locale): string {
  const units = locale === 'fr' ? ['octets', 'Ko', 'Mo', 'Go'] : ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 10 ? String(Math.round(value)) : value.toFixed(1);
  return `${locale === 'fr' ? shown.replace('.', ',') : shown} ${units[unit]}`;
}

/**
 * The `phone` of a call whose customer has no number on file (a critical incident's call is
 * booked whatever the profile holds): worded as such, never as "the number on file".
 */
export const NO_PHONE = '(none)';

/** Values of placeholders that name a priority or an SLA metric, as each locale words them (else as they are). */
const WORDS: Readonly<Record<Locale, Partial<Record<Placeholder, Readonly<Record<string, string>>>>>> = {
  en: {
    metric: { first_response: 'first response', next_response: 'next response' },
    phone: { '': ' (the number on file)', [NO_PHONE]: ' (no number on file: ask the customer for one)' },
    reason: {
      sla_breach: 'SLA breached',
      sla_threshold: 'unresolved past the escalation threshold',
      complexity: 'needs a higher tier',
      customer_request: 'the customer asked',
      missed_callback: 'callback missed',
    },
  },
  fr: {
    phone: { '': ' (au numéro enregistré)', [NO_PHONE]: ' (aucun numéro enregistré : demandez-en un au client)' },
    reason: {
      sla_breach: 'SLA dépassé',
      sla_threshold: "non résolu au-delà du seuil d'escalade",
      complexity: 'demande un niveau supérieur',
      customer_request: 'à la demande du client',
      missed_callback: 'rappel manqué',
    },
    priority: { low: 'basse', normal: 'normale', medium: 'moyenne', high: 'haute', urgent: 'urgente' },
    metric: {
      first_response: 'de première réponse',
      next_response: 'de réponse suivante',
      resolution: 'de résolution',
    },
  },
};

/**
 * Fills a template (the deployment's override if any, else the built-in text) with `params`, a
 * priority, an SLA metric or an escalation reason in the locale's words. A placeholder without a value renders empty, so no `{...}` ever
 * reaches a reader.
 */
export function renderTemplate(
  key: TemplateKey,
  locale: Locale,
  params: TemplateParams,
  overrides?: TemplateOverrides,
): RenderedNotification {
  const template = { ...TEMPLATES[locale][key], ...overrides?.[locale]?.[key] };
  const wordOf = (name: string) => {
    const value = (Object.hasOwn(params, name) ? params[name as Placeholder] : '') ?? '';
    return WORDS[locale][name as Placeholder]?.[value] ?? value;
  };
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, name: string) => wordOf(name));
  return { title: fill(template.title), text: fill(template.body) };
}
