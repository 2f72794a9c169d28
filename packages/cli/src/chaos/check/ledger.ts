import type { ChaosRecords } from './records.js';
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

/**
 * Replays the agents' ledgers from the log: no reservation may take a slot beyond the agent's
 * capacity (chats) or ticket capacity, and no item (a routing decision's object) may be held by
 * two reservations at once, which is what a routing decision made twice leaves behind.
 */
export function checkLedgers(records: Pick<ChaosRecords, 'events'>): { capacity: CheckResult; routing: CheckResult } {
  const ledgers = new Map<string, Ledger>();
  const heldBy = new Map<string, string>();
  const overCapacity: string[] = [];
  const doubled: string[] = [];
  let reservations = 0;
  for (const event of records.events) {
    // biome-ignore lint/suspicious/noExplicitAny: the log's event data, read by field as the domain wrote it
    const d = event.data as Record<string, any>;
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
        const item = d.item as { kind: string; id: string };
        const key = `${item.kind} ${item.id}`;
        const held = [...ledger.holdings.values()].filter((h) => h.kind === item.kind).length;
        const limit = item.kind === 'chat' ? ledger.capacity : ledger.ticketCapacity;
        if (limit !== null && held >= limit)
          overCapacity.push(`${d.agentId} took ${key} holding ${held} of ${limit} (position ${event.position})`);
        const holder = heldBy.get(key);
        if (holder !== undefined)
          doubled.push(`${key} reserved by ${d.agentId} while held by ${holder} (position ${event.position})`);
        heldBy.set(key, d.agentId);
        ledger.holdings.set(d.reservationId, { agentId: d.agentId, item: key, kind: item.kind });
        break;
      }
      case 'AgentWorkReleased': {
        const ledger = ledgerOf(ledgers, d.agentId);
        for (const released of d.released as { reservationId: string }[]) {
          const holding = ledger.holdings.get(released.reservationId);
          if (holding && heldBy.get(holding.item) === d.agentId) heldBy.delete(holding.item);
          ledger.holdings.delete(released.reservationId);
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
    routing: { check: 'routing decisions doubled (an item held twice)', violations: doubled },
  };
}
