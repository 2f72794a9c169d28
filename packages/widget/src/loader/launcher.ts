import type { LoaderOptions } from './options.ts';
import { WORDS } from './words.ts';

/** The launcher's parts the loader updates. */
export interface Launcher {
  readonly host: HTMLElement;
  readonly button: HTMLButtonElement;
  readonly badge: HTMLElement;
  /** Where the frame goes when first opened. */
  readonly panel: HTMLElement;
}

// Everything inside a shadow root: the host page's styles cannot reach it, and nothing of it
// leaks into the page's own. `all: initial` on the host cuts inherited styles too.
const css = (options: LoaderOptions) => `
:host{all:initial;position:fixed;bottom:20px;${options.position}:20px;z-index:2147483000;font:14px/1.4 system-ui,sans-serif}
button{all:unset;box-sizing:border-box;width:56px;height:56px;border-radius:50%;background:${options.colour};color:#fff;cursor:pointer;display:grid;place-items:center;box-shadow:0 2px 10px #0004;position:relative}
button:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 6px #fff}
svg{width:28px;height:28px;fill:currentColor}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#b00020;color:#fff;font-size:12px;font-weight:700;line-height:20px;text-align:center}
.badge[hidden],.panel[hidden]{display:none}
.panel{position:absolute;bottom:72px;${options.position}:0;width:min(380px,calc(100vw - 40px));height:min(600px,calc(100vh - 120px));border-radius:12px;overflow:hidden;box-shadow:0 4px 24px #0005;background:#fff}
iframe{border:0;width:100%;height:100%}
`;

const BUBBLE =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';

/**
 * The launcher: one element appended to the page's body (the only node of the host page the widget
 * touches), holding a shadow root with the button, its unread badge and the (empty) panel.
 */
export function createLauncher(document: Document, options: LoaderOptions): Launcher {
  const host = document.createElement('div');
  host.setAttribute('data-support-widget', '');
  const root = host.attachShadow({ mode: 'open' });
  // A constructed style sheet, not a <style> element: a host page's CSP that allows no inline styles
  // still lets it apply.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css(options));
  root.adoptedStyleSheets = [sheet];
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.hidden = true;
  const button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-label', WORDS[options.language].open);
  button.innerHTML = BUBBLE;
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.hidden = true;
  button.append(badge);
  root.append(panel, button);
  document.body.append(host);
  return { host, button, badge, panel };
}

/** Shows `count` unread messages on the launcher (none: no badge), in its accessible name too. */
export function showUnread(launcher: Launcher, options: LoaderOptions, count: number, open: boolean): void {
  const words = WORDS[options.language];
  launcher.badge.hidden = count === 0;
  launcher.badge.textContent = count > 99 ? '99+' : String(count);
  const name = open ? words.close : words.open;
  launcher.button.setAttribute('aria-label', count === 0 ? name : `${name} (${words.unread(count)})`);
}
