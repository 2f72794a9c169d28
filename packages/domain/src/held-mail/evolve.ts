import type { HeldMailEvent } from './events.js';
import type { HeldMailState } from './state.js';

/** Applies one held-mail event. */
export function evolveHeldMail(state: HeldMailState, event: HeldMailEvent): HeldMailState {
  switch (event.type) {
    case 'MailHeld': {
      const { heldMailId, ticketId, reason, content } = event.data;
      return { heldMailId, ticketId, reason, content, status: 'pending' };
    }
    case 'HeldMailAccepted':
      return state === null ? state : { ...state, status: 'accepted' };
    case 'HeldMailDiscarded':
      return state === null ? state : { ...state, status: 'discarded' };
  }
}
