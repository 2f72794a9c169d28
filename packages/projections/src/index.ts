export * from './as-of.js';
export * from './audit.js';
export { CHECKPOINT_CHANNEL, commitBatch, type DecodedBatch, decodeBatch } from './batch.js';
export { ensureCheckpoint, type ProjectionProgress, readCheckpoint, readProgress } from './checkpoints.js';
export { createReadModelDb, type ReadModelDbOptions } from './database.js';
export * from './errors.js';
export {
  type DomainEvent,
  EventDecoder,
  type LogPosition,
  type ProjectedEvent,
} from './events.js';
export { migrateReadModels } from './migrations.js';
export { createProgressBar, type ProgressBar } from './progress.js';
export type { Projection, ReadModelTransaction } from './projection.js';
export { catchUp, PROGRESS_CHANNEL, type ProjectorOptions, runProjector } from './projector.js';
export * from './queries/index.js';
export * from './read-models/index.js';
export * from './rebuild.js';
export type * from './schema.js';
export * from './table-hash.js';
export * from './wait-for.js';
