import type { TranscriptLine } from '@support-engine/domain/chat';
import { isEmailDeliverable } from '@support-engine/domain/customer';
import {
  chatTranscriptParams,
  localeFor,
  notificationId,
  renderTemplate,
  type TemplateOverrides,
} from '@support-engine/domain/notification';
import { inertText } from './channels/inert-text.js';
import type { Directory } from './directory.js';
import type { PlannedEvent } from './fold.js';
import { mailLine } from './mail-line.js';
import type { NewDelivery } from './outbox.js';

const TEMPLATE = 'chat.transcript';

/**
 * The one mail a `ChatTranscriptRequested` asks for: the conversation it carries, to the address
 * it names, in its language (else the customer's), times in the customer's zone, agents by their
 * display names. The customer's own words (and file names) are made inert (`inertText`): a visitor cannot have the
 * support address mail a link of theirs. Its id derives from the event's place in the log, so the
 * request is mailed once however often it is planned; none to an address that bounced.
 */
export function planChatTranscript(
  event: PlannedEvent,
  directory: Directory,
  options: { readonly templates?: TemplateOverrides },
): NewDelivery | null {
  const { chatId, customerId, to, language } = event.data as {
    chatId: string;
    customerId: string;
    to: string;
    language?: string;
  };
  const customer = directory.get('customer', customerId);
  if (!isEmailDeliverable(to, customer?.bounced)) return null;
  const locale = localeFor(language ?? customer?.language ?? undefined);
  const lines = (event.data.transcript as TranscriptLine[]).map((line) =>
    line.from === 'customer'
      ? { ...line, body: inertText(line.body), ...(line.files && { files: line.files.map(inertText) }) }
      : line,
  );
  const params = chatTranscriptParams(chatId, lines, {
    locale,
    timeZone: customer?.timeZone ?? null,
    agentName: (agentId) => directory.get('agent', agentId)?.name,
  });
  const messageId = notificationId({ streamId: event.streamId, eventIndex: event.version });
  return {
    deliveryId: `${messageId}:email:transcript`,
    channel: 'email',
    recipient: to,
    person: { kind: 'customer', id: customerId },
    messageId,
    orderingKey: mailLine(to, event.streamId),
    position: event.globalPosition,
    topic: TEMPLATE,
    payload: {
      ...renderTemplate(TEMPLATE, locale, params, options.templates),
      kind: 'info',
      locale,
      ticketId: null,
      chatId,
      suggestionId: null,
      template: TEMPLATE,
      quote: null,
    },
    createdAt: event.recordedAt,
  };
}
