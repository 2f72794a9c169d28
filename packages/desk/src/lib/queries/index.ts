// Every GraphQL document of the desk, one file per area (queries.unit.test.ts validates each against schema.graphql).

export * from './admin.ts';
export * from './alerts.ts';
export * from './audit.ts';
export * from './chat.ts';
export * from './heldMail.ts';
export * from './inbox.ts';
export * from './inboxViews.ts';
export * from './kb.ts';
export * from './mailboxes.ts';
export * from './profile.ts';
export * from './supervisor.ts';
export * from './ticket.ts';
export * from './ticketPanel.ts';
export * from './widgets.ts';
