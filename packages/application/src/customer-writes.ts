import { randomUUID } from 'node:crypto';
import { type Actor, type Decider, type EventSchemaRegistry, streamId } from '@support-engine/domain';
import {
  type CustomerCommand,
  type CustomerEvent,
  type CustomerState,
  customerDecider,
  emailClaimDecider,
  emailClaimId,
  emailTakenError,
  holdsEmail,
} from '@support-engine/domain/customer';
import {
  type CommandHandler,
  createCommandHandler,
  type DomainEvent,
  type EventStore,
  type HandleRequest,
} from '@support-engine/eventstore';
import { attemptHoldingClaims, readFolded, repeatedOutcome } from './claiming.js';

/** Options of {@link createCustomerWrites}. */
export interface CustomerWritesOptions {
  readonly store: EventStore;
  readonly registry: EventSchemaRegistry;
  /** The handler appending to customer streams (the process's, so its state cache stays in step). */
  readonly customers: CommandHandler<CustomerCommand, DomainEvent>;
  /** Decisions before a command whose customer keeps moving gives up with the last conflict; 4 by default. */
  readonly maxAttempts?: number;
}

/** The commands that may give a customer an address: an address a customer gave themself becomes theirs on confirming it. */
const ADDRESS_COMMANDS = new Set<CustomerCommand['type']>([
  'RegisterCustomer',
  'UpdateCustomerProfile',
  'ConfirmCustomerEmail',
]);

/** The engine itself, settling claims a dead command left behind. */
const SETTLER: Actor = { id: 'email-claims', role: 'system' };

/**
 * Customer commands, with each email address held by one customer (docs/domain.md#one-customer-per-email):
 * a registration, profile update or confirmation that gives the customer an address they do not
 * hold yet (an address a customer gives themself is only pending, and claimed on confirming it)
 * 1. is decided against the customer at version `v` (a refusal ends here, nothing written);
 * 2. is refused, still writing nothing, when another customer holds the address
 *    (`CUSTOMER_EMAIL_TAKEN` to staff, `EMAIL_CONFIRMATION_REFUSED` to the customer), unless that customer's claim is one a dead command left behind;
 * 3. claims the address on its stream (`custemail-<address>`), recording `v`;
 * 4. appends at exactly `v` (a conflict: decide again from 1);
 * 5. gives back the address the customer no longer has (a claim is only given back once the
 *    customer has moved past the version it records, or its lease has lapsed).
 * Other customer commands go straight to `customers`.
 */
export function createCustomerWrites(options: CustomerWritesOptions): CommandHandler<CustomerCommand, DomainEvent> {
  const { store, registry, customers } = options;
  const maxAttempts = options.maxAttempts ?? 4;
  const claims = createCommandHandler({ store, registry, decider: emailClaimDecider });
  const claimStream = (email: string) => streamId('custemail', emailClaimId(email));
  const readCustomer = (stream: string) =>
    readFolded(store, registry, stream, customerDecider as Decider<never, CustomerEvent, CustomerState>);

  /** Gives back `holder`'s claim on `email` if `holder` does not hold it; true when the address is then free. */
  async function settle(email: string, holder: string, now: Date): Promise<boolean> {
    const customer = await readCustomer(streamId('customer', holder));
    if (holdsEmail(customer.state, email)) return false;
    return await release(email, holder, customer.version, now);
  }

  async function release(email: string, customerId: string, customerVersion: number, now: Date) {
    const result = await claims.handle({
      streamId: claimStream(email),
      command: { type: 'ReleaseCustomerEmail', data: { email, customerId, customerVersion } },
      commandId: `email-release:${randomUUID()}`,
      context: { now, actor: SETTLER },
    });
    return result.events.length > 0;
  }

  async function attempt(request: HandleRequest<CustomerCommand>, touched: Set<string>) {
    const { customerId } = request.command.data;
    const { context } = request;
    const current = await readCustomer(request.streamId);
    const done = repeatedOutcome(current.history, request, registry);
    if (done) return done;
    const events = customerDecider.decide(request.command, current.state, context);
    const after = events.reduce(customerDecider.evolve, current.state);
    const next = after.profile?.email ?? null;
    if (next !== null && !holdsEmail(current.state, next)) {
      const { state: claim } = await readFolded(store, registry, claimStream(next), emailClaimDecider);
      if (claim.holder !== null && claim.holder !== customerId && !(await settle(next, claim.holder, context.now)))
        throw emailTakenError(next, claim.holder, context.actor);
      touched.add(emailClaimId(next));
      await claims.handle({
        streamId: claimStream(next),
        command: { type: 'ClaimCustomerEmail', data: { email: next, customerId, atVersion: current.version } },
        commandId: `email-claim:${request.commandId}@${current.version}`,
        context,
        metadata: request.metadata,
      });
    }
    const result = await customers.handle({ ...request, expectedVersion: current.version, history: current.history });
    const previous = current.state.profile?.email ?? null;
    if (previous !== null && !holdsEmail(after, previous)) touched.add(emailClaimId(previous));
    return result;
  }

  return {
    async handle(request) {
      const { type } = request.command;
      if (!ADDRESS_COMMANDS.has(type)) return customers.handle(request);
      const touched = new Set<string>();
      return attemptHoldingClaims(
        maxAttempts,
        () => attempt(request, touched),
        async () => {
          if (touched.size === 0) return;
          const customer = await readCustomer(request.streamId);
          for (const email of touched)
            if (!holdsEmail(customer.state, email))
              await release(email, request.command.data.customerId, customer.version, request.context.now);
        },
      );
    },
  };
}
