/**
 * The desk's English messages: the reference catalogue. Every other language has each of these
 * keys (its type says so); `{name}` marks a value filled in when the message is shown.
 */
export const en = {
  'app.name': 'Support desk',
  'nav.inbox': 'Inbox',
  'nav.signOut': 'Sign out',
  'nav.signedInAs': 'Signed in as {name} ({role})',
  'nav.skip': 'Skip to content',
  'signIn.title': 'Sign in',
  'signIn.devOnly':
    'Development only: these are the demo’s people, signed in with a development token. A production engine offers none of this.',
  'signIn.as': 'Sign in as {name}',
  'signIn.unavailable': 'Sign-in through your organisation’s identity provider is not available yet.',
  'signIn.failed': 'Sign-in failed: {reason}',
  'role.agent': 'agent',
  'role.supervisor': 'supervisor',
  'role.admin': 'admin',
  'role.auditor': 'auditor',
  'inbox.title': 'Inbox',
  'inbox.filter.status': 'Status',
  'inbox.filter.open': 'Open (new, in progress, waiting)',
  'inbox.filter.all': 'All',
  'inbox.empty': 'No tickets here.',
  'inbox.loading': 'Loading…',
  'inbox.loadMore': 'Load more',
  'inbox.keys': 'Keys: j / k move, Enter opens.',
  'inbox.live': 'New work assigned to you appears here as it arrives.',
  'inbox.col.status': 'Status',
  'inbox.col.priority': 'Priority',
  'inbox.col.subject': 'Subject',
  'inbox.col.customer': 'Customer',
  'inbox.col.updated': 'Updated',
  'inbox.col.sla': 'SLA',
  'status.new': 'New',
  'status.in_progress': 'In progress',
  'status.waiting_customer': 'Waiting on customer',
  'status.resolved': 'Resolved',
  'status.closed': 'Closed',
  'priority.low': 'Low',
  'priority.normal': 'Normal',
  'priority.high': 'High',
  'priority.urgent': 'Urgent',
  'sla.none': 'None',
  'sla.breached': 'Breached',
  'sla.warning': 'At risk',
  'sla.running': 'Running',
  'sla.paused': 'Paused',
  'sla.met': 'Met',
  'sla.not_started': 'Not started',
  'ticket.back': 'Back to the inbox',
  'ticket.notFound': 'No ticket {id}, or not one you may see.',
  'ticket.customer': 'Customer {id}',
  'ticket.timeline': 'Timeline',
  'ticket.internal': 'Internal note',
  'ticket.public': 'Reply',
  'error.generic': 'Something went wrong: {reason}',
} as const;

/** A message's key. */
export type MessageKey = keyof typeof en;
/** A language's catalogue: a message for every key. */
export type Catalogue = Readonly<Record<MessageKey, string>>;
