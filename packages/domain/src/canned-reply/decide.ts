import { isLead } from '../agent/roles.js';
import { type Actor, isStaff } from '../shared/actor.js';
import { mayNot } from '../shared/articles.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError, invalidField } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { type CannedReplyCommand, type CannedReplyDefinition, parseCannedReplyCommand } from './commands.js';
import type { CannedReplyEvent } from './events.js';
import { requireKnownPlaceholders } from './placeholders.js';
import { STANDARD_CANNED_REPLIES } from './standard.js';
import type { CannedReply, CannedReplyLibrary } from './state.js';

/**
 * Decides a canned-reply command (docs/domain.md, "Canned replies").
 *
 * - Staff only. Shared replies are the team's: supervisors, admins and the system save and
 *   delete them. Any staff member keeps personal replies, which only they may change or delete.
 * - A body may name only the known placeholders (`UNKNOWN_PLACEHOLDER`).
 * - A saved reply keeps its scope (`VALIDATION_FAILED` otherwise).
 * - Saving a reply as it already is writes nothing; loading the standard replies adds those
 *   missing only, so both are safe to repeat.
 */
export function decideCannedReplies(
  input: CannedReplyCommand,
  library: CannedReplyLibrary,
  context: CommandContext,
): CannedReplyEvent[] {
  const command = parseCannedReplyCommand(input);
  const { actor } = context;
  if (!isStaff(actor) && actor.role !== 'system') throw forbidden(actor, 'manage canned replies');
  const meta = provenance(context);
  const next = (id: string) => (library.lastVersions[id] ?? 0) + 1;
  switch (command.type) {
    case 'SaveCannedReply': {
      const { cannedReplyId, definition } = command.data;
      const current = library.replies[cannedReplyId];
      if (current) {
        requireMayChange(actor, current, 'save');
        requireSameScope(current, definition);
      }
      requireMayKeep(actor, definition);
      requireKnownPlaceholders(definition.body);
      const ownerId = definition.scope === 'personal' ? (current?.ownerId ?? actor.id) : null;
      if (current && current.ownerId === ownerId && sameDefinition(current.definition, definition)) return [];
      return [
        {
          type: 'CannedReplySaved',
          data: { ...meta, cannedReplyId, version: next(cannedReplyId), definition, ownerId },
        },
      ];
    }
    case 'DeleteCannedReply': {
      const { cannedReplyId } = command.data;
      const current = library.replies[cannedReplyId];
      if (!current) {
        throw new DomainError('NOT_FOUND', `Canned reply ${cannedReplyId} does not exist`, { cannedReplyId });
      }
      requireMayChange(actor, current, 'delete');
      return [{ type: 'CannedReplyDeleted', data: { ...meta, cannedReplyId } }];
    }
    case 'LoadStandardCannedReplies': {
      requireMayKeep(actor, { scope: 'shared' });
      const locales: readonly string[] = command.data.locales;
      return Object.entries(STANDARD_CANNED_REPLIES)
        .filter(([id, standard]) => library.replies[id] === undefined && locales.includes(standard.locale))
        .map(([cannedReplyId, standard]) => ({
          type: 'CannedReplySaved' as const,
          data: {
            ...meta,
            cannedReplyId,
            version: next(cannedReplyId),
            definition: { closeReason: null, ...standard, scope: 'shared' as const },
            ownerId: null,
          },
        }));
    }
  }
}

/** A personal reply is its owner's to change; a shared one, the team leads'. */
function requireMayChange(actor: Actor, reply: CannedReply, change: 'save' | 'delete'): void {
  if (reply.ownerId !== null) {
    // Another's personal reply is not visible to them: deleting it finds nothing; saving under
    // its id says only that the id is taken, which a save cannot hide.
    if (reply.ownerId === actor.id) return;
    const { cannedReplyId } = reply;
    if (change === 'save')
      throw new DomainError('ALREADY_EXISTS', `Canned reply id ${cannedReplyId} is taken: choose another`, {
        cannedReplyId,
      });
    throw new DomainError('NOT_FOUND', `Canned reply ${cannedReplyId} does not exist`, { cannedReplyId });
  }
  if (!isLead(actor) && actor.role !== 'system') throw forbidden(actor, 'change a shared canned reply');
}

/**
 * A saved reply keeps its scope: turning the team's reply into one person's would take it from
 * everyone else (and `loadStandardCannedReplies`, seeing the id taken, could not bring it back);
 * sharing a personal one would publish it under an id its owner chose. A copy under another id does it.
 */
function requireSameScope(current: CannedReply, definition: CannedReplyDefinition): void {
  const scope = current.ownerId === null ? 'shared' : 'personal';
  if (definition.scope === scope) return;
  throw invalidField(
    'definition.scope',
    `Canned reply ${current.cannedReplyId} is ${scope} and stays so; save a ${definition.scope} copy under another id`,
    { cannedReplyId: current.cannedReplyId, scope },
  );
}

function requireMayKeep(actor: Actor, definition: Pick<CannedReplyDefinition, 'scope'>): void {
  if (definition.scope === 'shared' && !isLead(actor) && actor.role !== 'system') {
    throw forbidden(actor, 'save a shared canned reply');
  }
}

function forbidden(actor: Actor, action: string): DomainError {
  return new DomainError('FORBIDDEN', mayNot(actor.role, action), { role: actor.role });
}

function sameDefinition(a: CannedReplyDefinition, b: CannedReplyDefinition): boolean {
  return (
    a.name === b.name &&
    a.locale === b.locale &&
    a.body === b.body &&
    a.nextStatus === b.nextStatus &&
    a.scope === b.scope
  );
}
