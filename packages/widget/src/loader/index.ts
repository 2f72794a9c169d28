import {
  CHANNEL,
  type Identity,
  identityOf,
  type ToFrame,
  toLoader,
  type WidgetConfig,
  widgetConfigOf,
} from '../lib/protocol.ts';
import { chime } from './chime.ts';
import { createLauncher, showUnread } from './launcher.ts';
import { frameUrl, type LoaderOptions, readOptions, titleWith } from './options.ts';
import { WORDS } from './words.ts';

/** What the host page may call: `window.SupportWidget.identify({ userId, email, name, hash })`. */
export interface SupportWidgetApi {
  identify(identity: Identity): void;
}

declare global {
  interface Window {
    SupportWidget?: SupportWidgetApi;
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const options =
  script === null
    ? null
    : readOptions((name) => script.getAttribute(name), script.src, document.documentElement.lang, navigator.languages);

if (options !== null) start(options);

/** Asks the engine for the key's configuration (refused to an origin the key does not list), then shows the launcher. */
async function start(options: LoaderOptions): Promise<void> {
  let identity: Identity | null = null;
  let post: ((message: ToFrame) => void) | null = null;
  // identify() works before the configuration arrives and before the frame exists: kept until then.
  window.SupportWidget = {
    identify(value) {
      const checked = identityOf(value);
      if (checked === null) throw new TypeError('SupportWidget.identify: { userId, email, hash } are required');
      identity = checked;
      post?.({ channel: CHANNEL, kind: 'identity', identity: checked });
    },
  };
  const url = new URL('/widget/v1/config', options.engine);
  url.searchParams.set('key', options.widgetKey);
  const answer = await fetch(url, { credentials: 'omit' }).catch(() => null);
  const config = answer?.ok ? widgetConfigOf(await answer.json(), options.language) : null;
  if (config === null) return;
  const ready = document.body ? Promise.resolve() : new Promise((done) => addEventListener('DOMContentLoaded', done));
  await ready;
  mount(options, options.greeting === null ? config : { ...config, greeting: options.greeting }, (send) => {
    post = send;
    return identity;
  });
}

function mount(
  options: LoaderOptions,
  config: WidgetConfig,
  connect: (post: (message: ToFrame) => void) => Identity | null,
): void {
  const launcher = createLauncher(document, options);
  const title = document.title;
  let frame: HTMLIFrameElement | null = null;
  let open = false;
  let unread = 0;
  const post = (message: ToFrame) => frame?.contentWindow?.postMessage(message, options.engine);

  const render = () => {
    launcher.panel.hidden = !open;
    launcher.button.setAttribute('aria-expanded', String(open));
    showUnread(launcher, options, unread, open);
    document.title = titleWith(title, open ? 0 : unread);
  };

  const toggle = (next: boolean) => {
    open = next;
    if (open && frame === null) {
      // Created on the first opening only: a visitor who never opens it costs the page nothing more.
      frame = document.createElement('iframe');
      frame.title = WORDS[options.language].frame;
      frame.src = frameUrl(options);
      frame.allow = 'clipboard-write';
      launcher.panel.append(frame);
    }
    if (open) unread = 0;
    render();
    post({ channel: CHANNEL, kind: 'visibility', open });
    if (open) frame?.focus();
    else launcher.button.focus();
  };

  launcher.button.addEventListener('click', () => toggle(!open));
  launcher.host.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && open) toggle(false);
  });

  addEventListener('message', (event) => {
    // Only the frame this loader made, from the engine's origin.
    if (frame === null || event.source !== frame.contentWindow || event.origin !== options.engine) return;
    const message = toLoader(event.data);
    if (message === null) return;
    if (message.kind === 'ready') {
      post({ channel: CHANNEL, kind: 'init', config, identity: connect(post) });
      post({ channel: CHANNEL, kind: 'visibility', open });
    } else if (message.kind === 'close') toggle(false);
    else if (message.kind === 'unread' && !open && message.count > unread) {
      unread = message.count;
      chime();
      render();
    }
  });
  render();
}
