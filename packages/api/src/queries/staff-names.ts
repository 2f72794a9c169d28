import { staffNames } from '@support-engine/projections';
import type { ApiContext } from '../graphql/context.js';
import { requestLoader } from './request-loaders.js';

/**
 * A staff member's name (an agent's as the team's lists show it, else their profile's), or null
 * for an id that names nobody on the team; the names a request asks for are read in one query.
 */
export function staffNameOf(context: ApiContext, staffId: string): Promise<string | null> {
  return requestLoader<string | null>(context, 'staff-names', async (ids) => {
    const names = await staffNames(context.services.deps.db, ids);
    return ids.map((id) => names.get(id) ?? null);
  }).load(staffId);
}

/** `Actor.name`: a staff actor's name ({@link staffNameOf}); null for a customer or the system, whose ids name no one on the team. */
export function actorName(parent: { readonly id: string; readonly role: string }, _args: unknown, context: ApiContext) {
  return parent.role === 'customer' || parent.role === 'system' ? null : staffNameOf(context, parent.id);
}

/** `ArticleVersion.publishedByName`: the name of the lead who published it ({@link staffNameOf}). */
export function publisherName(version: { readonly publishedBy: string }, _args: unknown, context: ApiContext) {
  return staffNameOf(context, version.publishedBy);
}
