/** How often, at most, the visitor's typing is told again while they keep typing. */
export const TYPING_REPEAT_MS = 2_000;
/** How long after the last key the visitor counts as having stopped typing. */
export const TYPING_IDLE_MS = 3_000;

/**
 * Turns key presses into typing signals: `typing` on the first key and again every
 * {@link TYPING_REPEAT_MS} while keys come, `stopped_typing` once they stop for
 * {@link TYPING_IDLE_MS} or the message is sent ({@link TypingSignals.stop}).
 */
export class TypingSignals {
  private lastTyping = Number.NEGATIVE_INFINITY;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly signal: (kind: 'typing' | 'stopped_typing') => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A key was pressed in the message. */
  key(): void {
    const now = this.now();
    if (now - this.lastTyping >= TYPING_REPEAT_MS) {
      this.lastTyping = now;
      this.signal('typing');
    }
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), TYPING_IDLE_MS);
  }

  /** Typing ended (sent, or idle): told once. */
  stop(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    if (this.lastTyping === Number.NEGATIVE_INFINITY) return;
    this.lastTyping = Number.NEGATIVE_INFINITY;
    this.signal('stopped_typing');
  }
}
