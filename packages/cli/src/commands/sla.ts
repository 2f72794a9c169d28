import { randomUUID } from 'node:crypto';
import { createCommandHandlers } from '@support-engine/application';
import { createDomainEventRegistry, streamId } from '@support-engine/domain';
import { SLA_CONFIGURATION_ID, type SlaPreset } from '@support-engine/domain/sla-config';
import { loadRuntimeConfig } from '../config.js';
import { type CliIo, println } from '../io.js';
import { migrateAll, openDatabases } from '../services/databases.js';

/** Flags of `support-engine sla presets`. */
export interface LoadPresetsOptions {
  readonly presets: readonly SlaPreset[];
  /** The preset whose policy becomes the default one. */
  readonly defaultPreset?: SlaPreset;
}

/**
 * `support-engine sla presets [standard premium categories] [--default <preset>]`: loads the
 * shipped presets into the SLA configuration in one command, as the system; a preset already
 * loaded as shipped writes nothing.
 */
export async function runLoadPresets(options: LoadPresetsOptions, io: CliIo): Promise<number> {
  const config = loadRuntimeConfig(io.env);
  const databases = openDatabases(config.worker.databaseUrl);
  try {
    await migrateAll(databases);
    const { slaconfig: handler } = createCommandHandlers(databases.store, createDomainEventRegistry(), {
      slaConfig: { anyTimings: config.worker.anyTicketTimings },
    });
    const result = await handler.handle({
      streamId: streamId('slaconfig', SLA_CONFIGURATION_ID),
      command: {
        type: 'LoadSlaPresets',
        data: {
          presets: [...options.presets],
          ...(options.defaultPreset ? { defaultPreset: options.defaultPreset } : {}),
        },
      },
      commandId: randomUUID(),
      context: { now: new Date(), actor: { id: 'support-engine-cli', role: 'system' } },
    });
    const loaded = options.presets.join(', ');
    println(
      io.stdout,
      result.events.length === 0
        ? `SLA presets ${loaded}: already loaded as shipped; nothing written.`
        : `SLA presets ${loaded}: ${result.events.length} changes recorded (configuration version ${result.streamVersion}):`,
    );
    // What each change was: an admin who had defined an entity under a preset's id sees it replaced.
    for (const event of result.events) println(io.stdout, `  ${changeLine(event)}`);
    return 0;
  } finally {
    await databases.close();
  }
}

/** One line per change a preset load recorded: what was saved (and at which version), or set as the default. */
function changeLine(event: { readonly type: string; readonly data: unknown }): string {
  const data = event.data as { calendarId?: string; policyId?: string | null; categoryId?: string; version?: number };
  const version = data.version === undefined ? '' : ` (version ${data.version})`;
  if (data.calendarId !== undefined) return `calendar ${data.calendarId} saved${version}`;
  if (event.type === 'DefaultSlaPolicySet') return `default policy set to ${data.policyId ?? 'none'}`;
  if (data.policyId !== undefined) return `policy ${data.policyId} saved${version}`;
  if (data.categoryId !== undefined) return `category ${data.categoryId} saved${version}`;
  return event.type;
}
