import type { Role } from '../shared/actor.js';
import { mayNot } from '../shared/articles.js';
import { claimIsNewer, claimReleasable } from '../shared/claim-fence.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { parseOrThrow } from '../shared/validation.js';
import { termsKey } from '../sla-config/governing.js';
import { KbCategoryCommand } from './commands.js';
import type { KbCategoryEvent } from './events.js';
import type { KbCategoryTree } from './state.js';
import { requireKbTreePlace, requireUnused } from './tree.js';

const EDITORS: readonly Role[] = ['supervisor', 'admin'];
// Articles claim their category through their writers' commands; the system settles claims a
// crashed handler left behind.
const CLAIMERS: readonly Role[] = ['agent', 'supervisor', 'admin', 'system'];

/**
 * Decides a category command (docs/knowledge-base.md#categories). Supervisors and admins edit the
 * tree; saving a definition equal to the current one yields nothing, as do a use the article
 * already holds at that version and a release of one it does not hold or that is not yet releasable.
 */
export function decideKbCategory(input: KbCategoryCommand, tree: KbCategoryTree, context: CommandContext) {
  const command = parseOrThrow(KbCategoryCommand, input, 'knowledge-base category command');
  const { actor } = context;
  const allowed = command.type === 'UseKbCategory' || command.type === 'ReleaseKbCategory' ? CLAIMERS : EDITORS;
  if (!allowed.includes(actor.role))
    throw new DomainError('FORBIDDEN', mayNot(actor.role, command.type), { role: actor.role, command: command.type });
  const meta = provenance(context);
  const { categoryId } = command.data;
  const current = tree.categories[categoryId];
  const nextVersion = (tree.lastVersions[categoryId] ?? 0) + 1;
  const users = tree.users[categoryId] ?? {};
  switch (command.type) {
    case 'CreateKbCategory':
    case 'UpdateKbCategory': {
      const { definition } = command.data;
      if (command.type === 'CreateKbCategory' && current !== undefined)
        throw new DomainError('ALREADY_EXISTS', `Category ${categoryId} already exists`, { categoryId });
      if (command.type === 'UpdateKbCategory') requireCategory(current !== undefined, categoryId);
      requireKbTreePlace(tree, categoryId, definition.parentId);
      if (current !== undefined && termsKey(current.definition) === termsKey(definition)) return [];
      return [event('KbCategorySaved', { ...meta, categoryId, version: nextVersion, definition })];
    }
    case 'DeleteKbCategory':
      requireCategory(current !== undefined, categoryId);
      requireUnused(tree, categoryId);
      return [event('KbCategoryDeleted', { ...meta, categoryId, version: nextVersion })];
    case 'UseKbCategory': {
      requireCategory(current !== undefined, categoryId);
      const { articleId, atVersion } = command.data;
      if (!claimIsNewer(users[articleId], atVersion)) return [];
      return [event('KbCategoryUsed', { ...meta, categoryId, articleId, atVersion })];
    }
    case 'ReleaseKbCategory': {
      const { articleId, articleVersion } = command.data;
      const claim = users[articleId];
      if (claim === undefined || !claimReleasable(claim, articleVersion, context.now)) return [];
      return [event('KbCategoryReleased', { ...meta, categoryId, articleId })];
    }
  }
}

function event<T extends KbCategoryEvent['type']>(type: T, data: Extract<KbCategoryEvent, { type: T }>['data']) {
  return { type, data } as Extract<KbCategoryEvent, { type: T }>;
}

function requireCategory(exists: boolean, categoryId: string): void {
  if (!exists) throw new DomainError('NOT_FOUND', `Category ${categoryId} does not exist`, { categoryId });
}
