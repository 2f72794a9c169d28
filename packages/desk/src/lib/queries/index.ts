// Every GraphQL document of the desk, one file per area (queries.unit.test.ts validates each against schema.graphql).
export * from './inbox.ts';
export * from './supervisor.ts';
export * from './ticket.ts';
