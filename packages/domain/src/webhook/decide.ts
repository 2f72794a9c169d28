import type { Actor } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { addMillis } from '../shared/time.js';
import { parseOrThrow } from '../shared/validation.js';
import { WebhookCommand } from './commands.js';
import type { WebhookEvent } from './events.js';
import { webhookEventTypes, webhookUrl } from './rules.js';
import type { WebhookEndpoint, WebhookState } from './state.js';

const HOUR_MS = 3_600_000;

/**
 * Decides a webhook-endpoint command. Only admins (and the system) manage endpoints: an
 * endpoint receives ticket and chat data, so adding one decides where that data goes.
 * Updating to the current settings, disabling a disabled endpoint or enabling an enabled one
 * yields no events, so retries are harmless.
 */
export function decideWebhook(input: WebhookCommand, state: WebhookState, context: CommandContext): WebhookEvent[] {
  const command = parseOrThrow(WebhookCommand, input, 'webhook command');
  requireAdmin(context.actor);
  const meta = provenance(context);
  const { endpointId } = command.data;
  if (command.type === 'RegisterWebhookEndpoint') {
    if (state)
      throw new DomainError(
        'ALREADY_EXISTS',
        state.deleted
          ? `Webhook endpoint ${endpointId} was deleted: its id is not used again`
          : `Webhook endpoint ${endpointId} exists`,
        { endpointId },
      );
    const { url, eventTypes, description } = command.data;
    return [
      {
        type: 'WebhookEndpointRegistered',
        data: {
          ...meta,
          endpointId,
          url: webhookUrl(url),
          eventTypes: webhookEventTypes(eventTypes),
          description: description || null,
          secretVersion: 1,
        },
      },
    ];
  }
  const endpoint = requireEndpoint(state, endpointId);
  switch (command.type) {
    case 'UpdateWebhookEndpoint': {
      const { url, eventTypes, description } = command.data;
      const next = {
        url: url === undefined ? endpoint.url : webhookUrl(url),
        eventTypes: eventTypes === undefined ? [...endpoint.eventTypes] : webhookEventTypes(eventTypes),
        description: description === undefined ? endpoint.description : description || null,
      };
      const same =
        next.url === endpoint.url &&
        next.description === endpoint.description &&
        next.eventTypes.join('\n') === endpoint.eventTypes.join('\n');
      return same ? [] : [{ type: 'WebhookEndpointUpdated', data: { ...meta, endpointId, ...next } }];
    }
    case 'DisableWebhookEndpoint': {
      if (!endpoint.enabled) return [];
      const data = { ...provenance(context, command.data.reason), endpointId };
      return [{ type: 'WebhookEndpointDisabled', data }];
    }
    case 'EnableWebhookEndpoint':
      return endpoint.enabled ? [] : [{ type: 'WebhookEndpointEnabled', data: { ...meta, endpointId } }];
    case 'DeleteWebhookEndpoint':
      return [{ type: 'WebhookEndpointDeleted', data: { ...meta, endpointId } }];
    case 'RotateWebhookSecret': {
      const hours = command.data.previousSecretHours ?? 0;
      const overlap = hours === 0 ? {} : { previousValidUntil: addMillis(meta.at, hours * HOUR_MS) };
      return [
        {
          type: 'WebhookSecretRotated',
          data: { ...meta, endpointId, secretVersion: endpoint.secretVersion + 1, ...overlap },
        },
      ];
    }
  }
}

function requireAdmin(actor: Actor): void {
  if (actor.role === 'admin' || actor.role === 'system') return;
  throw new DomainError('FORBIDDEN', `${actor.role} ${actor.id} may not manage webhook endpoints`, {
    role: actor.role,
  });
}

function requireEndpoint(state: WebhookState, endpointId: string): WebhookEndpoint {
  if (state && !state.deleted) return state;
  throw new DomainError('NOT_FOUND', `Webhook endpoint ${endpointId} does not exist`, { endpointId });
}
