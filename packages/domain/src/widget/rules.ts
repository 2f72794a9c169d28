import type { AgentLoad } from '../agent/load.js';
import type { ChatAvailability } from '../chat/opening-hours.js';
import { DomainError, fieldIssues } from '../shared/errors.js';
import type { SlaConfiguration } from '../sla-config/state.js';
import type { WidgetTopic } from './commands.js';
import type { Widget, WidgetConfiguration } from './state.js';

// The rules of widget keys (docs/widget.md), each a pure function.

// An http(s) origin alone: scheme, an ASCII host name (browsers send IDNs in punycode) or an
// IPv4 or bracketed IPv6 address, an optional port, an optional final slash; nothing else.
const ORIGIN_SHAPE = /^(https?):\/\/([a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]{2,45}\])(?::(\d{1,5}))?\/?$/i;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443' };

/**
 * The one form of an origin browsers send in `Origin`: lower-case scheme and host, and the port
 * unless it is the scheme's default (`https://Shop.Example.com:443/` is `https://shop.example.com`);
 * undefined for anything that is not an http(s) origin alone (a path, a query, credentials, `null`).
 */
export function normalizeOrigin(origin: string): string | undefined {
  const match = ORIGIN_SHAPE.exec(origin.trim());
  if (match === null) return undefined;
  const [, scheme = '', host = '', port] = match;
  const lower = scheme.toLowerCase();
  if (port !== undefined && Number(port) > 65_535) return undefined;
  const portPart = port === undefined || String(Number(port)) === DEFAULT_PORTS[lower] ? '' : `:${Number(port)}`;
  return `${lower}://${host.toLowerCase()}${portPart}`;
}

/**
 * The origins as recorded: each normalised, duplicates dropped, in the order given; refuses any
 * that is not an origin (`WIDGET_ORIGIN_INVALID`, naming it).
 */
export function normalizeOrigins(origins: readonly string[]): string[] {
  const normalized: string[] = [];
  origins.forEach((origin, index) => {
    const form = normalizeOrigin(origin);
    if (form === undefined)
      throw new DomainError('WIDGET_ORIGIN_INVALID', `${origin} is not an origin such as https://shop.example.com`, {
        origin,
        ...fieldIssues([`definition.allowedOrigins.${index}`, 'expected an origin such as https://shop.example.com']),
      });
    if (!normalized.includes(form)) normalized.push(form);
  });
  return normalized;
}

/**
 * Whether a page of `origin` may use the widget key (load its configuration, get a session): its
 * normalised form is one of the key's origins. The check the API makes on every widget request.
 */
export function originAllowed(widget: Widget, origin: string | undefined): boolean {
  const form = origin === undefined ? undefined : normalizeOrigin(origin);
  return form !== undefined && widget.definition.allowedOrigins.includes(form);
}

/**
 * Refuses topics that share an id (`WIDGET_TOPIC_DUPLICATE`) or name a category the SLA
 * configuration does not know (`WIDGET_TOPIC_CATEGORY_UNKNOWN`): a topic opens its chat or ticket
 * in one of the team's categories.
 */
export function requireValidTopics(topics: readonly WidgetTopic[], sla: SlaConfiguration | undefined): void {
  const seen = new Set<string>();
  topics.forEach((topic, index) => {
    if (seen.has(topic.id))
      throw new DomainError('WIDGET_TOPIC_DUPLICATE', `Two topics have the id ${topic.id}`, {
        topicId: topic.id,
        ...fieldIssues([`definition.topics.${index}.id`, 'another topic has this id']),
      });
    seen.add(topic.id);
    if (sla?.categories[topic.categoryId] === undefined)
      throw new DomainError('WIDGET_TOPIC_CATEGORY_UNKNOWN', `There is no ticket category ${topic.categoryId}`, {
        categoryId: topic.categoryId,
        ...fieldIssues([`definition.topics.${index}.categoryId`, 'not a category of the SLA configuration']),
      });
  });
}

/** Refuses adding a widget key configured already (`WIDGET_KEY_TAKEN`). */
export function requireKeyFree(configuration: WidgetConfiguration, widgetKey: string): void {
  if (configuration.widgets[widgetKey] === undefined) return;
  throw new DomainError('WIDGET_KEY_TAKEN', `The widget key ${widgetKey} is configured already`, {
    widgetKey,
    ...fieldIssues(['widgetKey', 'this key is configured already']),
  });
}

/** The widget key's configuration, if it is configured. */
export function widgetOf(configuration: WidgetConfiguration, widgetKey: string): Widget | undefined {
  return Object.hasOwn(configuration.widgets, widgetKey) ? configuration.widgets[widgetKey] : undefined;
}

/**
 * Whether the widget offers a chat now (else its offline form, which opens a ticket): the chat
 * desk is within its hours (`chatAvailability`) and at least one agent is available to take chats
 * (capacity above 0). A chat started while every such agent is at capacity waits in the queue,
 * with its estimate; with none available no estimate exists (`estimatedWait` gives none).
 */
export function widgetChatOpen(
  availability: ChatAvailability,
  agents: readonly Pick<AgentLoad, 'availability' | 'capacity'>[],
): boolean {
  return availability.open && agents.some((agent) => agent.availability === 'available' && agent.capacity > 0);
}

/**
 * What a host's server signs to identify its signed-in user to the widget: the user id, a line
 * break, the email (`identity.hash` is the lower-case hex HMAC-SHA256 of it, keyed with the key's
 * identity secret).
 */
export function identityMessage(userId: string, email: string): string {
  return `${userId}\n${email}`;
}

/** The customer a widget session's visitor credential names, and whether they were anonymous then. */
export interface SessionVisitor {
  readonly customerId: string;
  /** True for a visitor the engine made up (no identity yet); false once the credential names an identified user. */
  readonly anonymous: boolean;
}

/**
 * The merge a widget session asks for (docs/widget.md#merging-a-visitor): an anonymous visitor who
 * now comes with a verified identity is merged into the identified customer. A credential that
 * already names an identified user is never merged into another (two people signing in one after
 * the other in one tab keep their histories apart), nor is a visitor into themself.
 */
export function visitorMerge(
  visitor: SessionVisitor | undefined,
  identifiedId: string | undefined,
): { readonly from: string; readonly into: string } | null {
  if (visitor === undefined || identifiedId === undefined || !visitor.anonymous) return null;
  if (visitor.customerId === identifiedId) return null;
  return { from: visitor.customerId, into: identifiedId };
}
