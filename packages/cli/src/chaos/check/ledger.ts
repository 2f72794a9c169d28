import type { ChaosRecords, LoggedEvent } from './records.js';
import type { CheckResult } from './result.js';

interface Holding {
  readonly agentId: string;
  readonly item: string;
  readonly kind: string;
}

interface Ledger {
  capacity: number;
  ticketCapacity: number | null;
  readonly holdings: Map<string, Holding>;
}

const ledgerOf = (ledgers: Map<string, Ledger>, agentId: string): Ledger => {
  let ledger = ledgers.get(agentId);
  if (!ledger) {
    ledger = { capacity: 3, ticketCapacity: null, holdings: new Map() };
    ledgers.set(agentId, ledger);
  }
  return ledger;
};

/** A landed reservation: the item's own stream recorded its hand-over (or it needed none). */
interface Hold {
  readonly agentId: string;
  readonly reservationId: string;
}

/** A reservation whose item command has not reached the item yet. */
interface InFlight extends Hold {
  readonly item: string;
  /** A colleague's transfer or reassignment: it takes the item from whoever holds it. */
  readonly moves: boolean;
}

/** Item events after which the item is no longer with its agent (its slot is given back after). */
function leavesItsAgent(event: LoggedEvent): boolean {
  switch (event.type) {
    case 'ChatTransferredToQueue':
    case 'ChatClosed':
    case 'TicketUnassigned':
    case 'TicketAutoClosed':
      return true;
    case 'TicketStatusChanged':
      return event.data.to === 'resolved' || event.data.to === 'closed';
    default:
      return false;
  }
}

/** `chat <id>` or `ticket <id>` for an item's stream, else `null`. */
function itemOfStream(streamId: string): string | null {
  const match = /^(chat|ticket)-(.+)$/.exec(streamId);
  return match === null ? null : `${match[1]} ${match[2]}`;
}

/**
 * Replays the agents' ledgers from the log: no reservation may take a slot beyond the agent's
 * capacity (chats) or ticket capacity, and no item (a routing decision's object) may be held by
 * two agents at once, which is what a routing decision made twice leaves behind.
 *
 * A reservation takes its slot at once, but holds its item only once the item's own stream
 * records the hand-over (the event carrying the hand-over's command id; a reopened ticket's
 * `resumed` reservation has none and holds at once). Two reservations of one item at one item
 * version are the hand-over protocol working, not a double: a router and an agent's accept (or
 * a killed router's reservation and its successor's decision) both reserve, the item takes one
 * command at that version, and the other slot is given back (`cancelled`). A hold ends when its
 * slot is released, or when the item's stream moves the item on (to the queue, closed, resolved:
 * the release follows), or when a colleague's transfer or reassignment lands.
 */
export function checkLedgers(records: Pick<ChaosRecords, 'events'>): { capacity: CheckResult; routing: CheckResult } {
  const ledgers = new Map<string, Ledger>();
  const holds = new Map<string, Hold[]>();
  const inFlight = new Map<string, InFlight>();
  const overCapacity: string[] = [];
  const doubled: string[] = [];
  let reservations = 0;
  // Reservations taken while another agent's reservation of the item stood (in flight or held).
  const raced = new Set<string>();

  const hold = (item: string, taking: Hold, moves: boolean, position: number) => {
    const others = (holds.get(item) ?? []).filter((h) => h.agentId !== taking.agentId);
    if (!moves)
      for (const other of others)
        doubled.push(`${item} given to ${taking.agentId} while held by ${other.agentId} (position ${position})`);
    holds.set(item, [...(holds.get(item) ?? []).filter((h) => h.agentId === taking.agentId), taking]);
  };

  for (const event of records.events) {
    // biome-ignore lint/suspicious/noExplicitAny: the log's event data, read by field as the domain wrote it
    const d = event.data as Record<string, any>;
    const item = itemOfStream(event.streamId);
    if (item !== null) {
      const landing = event.commandId === null ? undefined : inFlight.get(event.commandId);
      if (landing !== undefined && landing.item === item) {
        inFlight.delete(event.commandId!);
        hold(item, landing, landing.moves, event.position);
      } else if (leavesItsAgent(event)) holds.delete(item);
      continue;
    }
    switch (event.type) {
      case 'AgentRegistered': {
        const ledger = ledgerOf(ledgers, d.agentId);
        ledger.capacity = d.capacity;
        ledger.ticketCapacity = d.ticketCapacity ?? null;
        break;
      }
      case 'AgentCapacityChanged':
        ledgerOf(ledgers, d.agentId).capacity = d.capacity;
        break;
      case 'AgentTicketCapacityChanged':
        ledgerOf(ledgers, d.agentId).ticketCapacity = d.ticketCapacity ?? null;
        break;
      case 'AgentWorkReserved': {
        reservations++;
        const ledger = ledgerOf(ledgers, d.agentId);
        const workItem = d.item as { kind: string; id: string };
        const key = `${workItem.kind} ${workItem.id}`;
        const held = [...ledger.holdings.values()].filter((h) => h.kind === workItem.kind).length;
        const limit = workItem.kind === 'chat' ? ledger.capacity : ledger.ticketCapacity;
        if (limit !== null && held >= limit)
          overCapacity.push(`${d.agentId} took ${key} holding ${held} of ${limit} (position ${event.position})`);
        ledger.holdings.set(d.reservationId, { agentId: d.agentId, item: key, kind: workItem.kind });
        const taking = { agentId: d.agentId, reservationId: d.reservationId };
        const standing = [...[...inFlight.values()].filter((f) => f.item === key), ...(holds.get(key) ?? [])];
        if (standing.some((other) => other.agentId !== d.agentId)) raced.add(d.reservationId);
        const commandId = (d.handOver as { commandId?: string } | undefined)?.commandId;
        if (commandId === undefined) hold(key, taking, false, event.position);
        else
          inFlight.set(commandId, { ...taking, item: key, moves: d.mode === 'transferred' || d.mode === 'assigned' });
        break;
      }
      case 'AgentWorkReleased': {
        const ledger = ledgerOf(ledgers, d.agentId);
        for (const released of d.released as { reservationId: string }[]) {
          const holding = ledger.holdings.get(released.reservationId);
          ledger.holdings.delete(released.reservationId);
          if (holding === undefined) continue;
          const left = (holds.get(holding.item) ?? []).filter((h) => h.reservationId !== released.reservationId);
          holds.set(holding.item, left);
          for (const [commandId, flight] of inFlight)
            if (flight.reservationId === released.reservationId) inFlight.delete(commandId);
        }
        break;
      }
    }
  }
  return {
    capacity: {
      check: 'agent capacity exceeded (per the ledgers)',
      violations: overCapacity,
      figure: `${reservations} reservations`,
    },
    routing: {
      check: 'routing decisions doubled (an item held twice)',
      violations: doubled,
      figure: `${raced.size} reservations raced another agent's for their item`,
    },
  };
}
