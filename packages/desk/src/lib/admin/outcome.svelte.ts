import type { Answer } from './request.ts';

/**
 * What became of the admin's last action on a screen, for its `ActionResult`: `done` (a sentence
 * of success) or `failure` (a refusal in words).
 */
export class Outcome {
  done = $state<string | null>(null);
  failure = $state<string | null>(null);

  /** Forgets the last action's outcome (a form opened anew). */
  clear(): void {
    this.done = null;
    this.failure = null;
  }

  /**
   * Waits for an answer (a read): its data, or null with its refusal shown; the refusal of an
   * action before it stays shown (a screen reads itself again after a refused change).
   */
  async of<Data>(pending: Promise<Answer<Data>>): Promise<Data | null> {
    const answer = await pending;
    if (answer.ok) return answer.data;
    this.failure = answer.failure;
    return null;
  }

  /** Waits for the answer to an action of the admin's: the last refusal goes, then as {@link of}. */
  act<Data>(pending: Promise<Answer<Data>>): Promise<Data | null> {
    this.failure = null;
    return this.of(pending);
  }

  /**
   * Waits for a command's answer (a mutation answering `{ consistencyToken }`): its token, for the
   * screen to read itself again with, or null with its refusal shown.
   */
  async command(pending: Promise<Answer<Record<string, { consistencyToken: string }>>>): Promise<string | null> {
    const data = await this.act(pending);
    return data ? (Object.values(data)[0]?.consistencyToken ?? null) : null;
  }
}
