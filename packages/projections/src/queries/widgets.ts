import type { AgentLoad } from '@support-engine/domain/agent';
import type { Kysely } from 'kysely';
import type { ReadModelTables } from '../schema.js';

/** A chat widget key as the `widgets` read model holds it. */
export interface WidgetView {
  readonly widgetKey: string;
  readonly name: string;
  readonly allowedOrigins: readonly string[];
  readonly topics: readonly { id: string; label: Record<string, string>; categoryId: string }[];
  readonly greeting: Record<string, string> | null;
  readonly version: number;
  readonly updatedAt: Date;
}

/** The widget keys by key, or the one `widgetKey` names. */
export async function listWidgets(
  db: Kysely<ReadModelTables>,
  options: { readonly widgetKey?: string } = {},
): Promise<WidgetView[]> {
  let query = db.selectFrom('widgets').selectAll().orderBy('widget_key');
  if (options.widgetKey !== undefined) query = query.where('widget_key', '=', options.widgetKey);
  const rows = await query.execute();
  return rows.map((row) => ({
    widgetKey: row.widget_key,
    name: row.name,
    allowedOrigins: row.allowed_origins,
    topics: row.topics,
    greeting: row.greeting,
    version: row.version,
    updatedAt: row.updated_at,
  }));
}

/**
 * Each agent's presence and chat capacity as the chats projection knows them (`chat_agents`):
 * what the widget asks the domain's `widgetChatOpen` with.
 */
export async function chatAgentCapacities(
  db: Kysely<ReadModelTables>,
): Promise<{ availability: AgentLoad['availability']; capacity: number }[]> {
  const rows = await db.selectFrom('chat_agents').select(['availability', 'capacity']).execute();
  return rows.map((row) => ({ availability: row.availability as AgentLoad['availability'], capacity: row.capacity }));
}
