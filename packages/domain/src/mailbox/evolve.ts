import type { MailboxEvent } from './events.js';
import type { MailboxConfiguration } from './state.js';

/** Applies one mailbox configuration event. */
export function evolveMailboxes(state: MailboxConfiguration, event: MailboxEvent): MailboxConfiguration {
  const { address, version } = event.data;
  const lastVersions = { ...state.lastVersions, [address]: version };
  switch (event.type) {
    case 'MailboxConfigured':
      return {
        mailboxes: { ...state.mailboxes, [address]: { address, version, definition: event.data.definition } },
        lastVersions,
      };
    case 'MailboxRemoved': {
      const { [address]: _removed, ...mailboxes } = state.mailboxes;
      return { mailboxes, lastVersions };
    }
  }
}
