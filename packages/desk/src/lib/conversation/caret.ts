import { tick } from 'svelte';

/**
 * Puts the caret at `caret` in `box` as soon as the box shows `text` (Svelte's next update, before
 * any keystroke), and gives the box the focus. A frame later would be too late: a quick typist's
 * next characters would land where they typed them, then the caret jump back before them.
 */
export async function placeCaret(box: HTMLTextAreaElement | undefined, text: string, caret: number): Promise<void> {
  await tick();
  if (!box || box.value !== text) return;
  box.focus();
  box.setSelectionRange(caret, caret);
}
