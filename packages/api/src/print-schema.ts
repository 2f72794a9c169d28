/**
 * Writes the GraphQL contract to `schema.graphql` at the repository root:
 * `node --conditions=@support-engine/source --import tsx packages/api/src/print-schema.ts`.
 * A unit test fails while the file differs from the schema the code builds.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printApiSchema } from './graphql/schema.js';

/** Where the contract lives. */
export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema.graphql', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, printApiSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
