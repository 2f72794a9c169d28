/**
 * What every embedder of the domain needs: the decider pattern (`Decider`, `runCommand`, `fold`),
 * the command context and actors, errors and their codes, stream ids, time, values and event
 * versioning, and the registry of every event schema. Each aggregate and capability has its own
 * entry point: `@support-engine/domain/ticket`, `/chat`, `/agent`, `/customer`, `/article`,
 * `/kb-category`, `/canned-reply`, `/sla`, `/sla-config`, `/mailbox`, `/widget`, `/routing`, `/assignment`,
 * `/attachment`, `/notification`, `/proactive`, `/staff`, `/webhook`, and `/testing`.
 */
export * from './registry.js';
export * from './shared/index.js';
