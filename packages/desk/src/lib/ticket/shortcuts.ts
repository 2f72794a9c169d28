/** What a key does on the ticket page. */
export type TicketShortcut = 'reply' | 'note' | 'resolve' | 'leave';

/** The parts of a key press the shortcuts look at. */
export interface KeyPress {
  readonly key: string;
  readonly altKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  /** Whether the press happens while typing in a field (input, textarea, select, editable text). */
  readonly typing: boolean;
}

const LETTERS: Readonly<Record<string, TicketShortcut>> = { r: 'reply', n: 'note', e: 'resolve' };

/**
 * The ticket page's shortcut a key press means: `r` write a reply, `n` an internal note, `e`
 * resolve, none of them while typing in a field or with a modifier; Escape (even while typing)
 * leaves the message box. `null`: the key is not a shortcut.
 */
export function ticketShortcut(press: KeyPress): TicketShortcut | null {
  if (press.altKey || press.ctrlKey || press.metaKey) return null;
  if (press.key === 'Escape') return press.typing ? 'leave' : null;
  if (press.typing) return null;
  return LETTERS[press.key] ?? null;
}
