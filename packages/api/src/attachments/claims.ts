import type { CommandBus } from '@support-engine/application';
import type { Actor } from '@support-engine/domain';

/** What gives a claim back: {@link Attachments.release}. */
type Release = (ids: readonly string[], uploader: Actor) => Promise<void>;

/**
 * The uploads one mutation marked attached, held until one of its writes lands. A mutation refused
 * before any write gives them back, so files nothing names are swept in time; once a command of it
 * is recorded its claims stand, since that command's event may name the files (a write whose
 * outcome is unknown keeps them too: a file kept for nothing costs storage, one swept from under a
 * message costs the message its file).
 */
export class UploadClaims {
  #held: { readonly ids: readonly string[]; readonly uploader: Actor }[] = [];

  constructor(private readonly release: Release) {}

  /** The uploads `uploader` just marked attached for this mutation. */
  hold(ids: readonly string[], uploader: Actor): void {
    if (ids.length > 0) this.#held.push({ ids, uploader });
  }

  /** The mutation was refused: gives back what it holds (each claim once). */
  async giveBack(): Promise<void> {
    const held = this.#held;
    this.#held = [];
    for (const { ids, uploader } of held) await this.release(ids, uploader);
  }

  /** `bus`, each of its writes that lands settling the claims held so far. */
  settledBy(bus: CommandBus): CommandBus {
    const settle = <T>(written: T): T => {
      this.#held = [];
      return written;
    };
    return {
      configuration: bus.configuration,
      send: async (category, id, command, actor, commandId) =>
        settle(await bus.send(category, id, command, actor, commandId)),
      handOver: async (request, actor) => settle(await bus.handOver(request, actor)),
      startChat: async (request, actor) => settle(await bus.startChat(request, actor)),
      tracing: (metadata) => this.settledBy(bus.tracing(metadata)),
      latest: (category, id) => bus.latest(category, id),
      fold: (category, id, decider) => bus.fold(category, id, decider),
    };
  }
}
