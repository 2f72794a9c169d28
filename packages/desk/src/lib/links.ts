/**
 * Whether a click on a link opens it in this tab: the main button, no modifier (which would open
 * it in a new tab or window, or save it), and no one else took the click. Only such a click may be
 * handled in the page instead of followed.
 */
export function opensHere(
  event: Pick<MouseEvent, 'button' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'defaultPrevented'>,
): boolean {
  return (
    event.button === 0 &&
    !event.altKey &&
    !event.ctrlKey &&
    !event.metaKey &&
    !event.shiftKey &&
    !event.defaultPrevented
  );
}
