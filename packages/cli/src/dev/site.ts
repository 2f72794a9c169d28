import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The demo's widget key (`npm start -- --demo` configures it for the demo site's origins). */
export const DEMO_WIDGET_KEY = 'wk_demo';

/** What the demo host page embeds. */
export interface DemoSiteOptions {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  /** The engine's address: the page loads the widget's loader from there. */
  readonly engineUrl: string;
  readonly widgetKey?: string;
  /** False: the same page without the embed snippet (what a page costs without the widget). */
  readonly embed?: boolean;
}

/** A running demo site. */
export interface RunningDemoSite {
  /** Its origin (another than the engine's: the widget is embedded as on a real site). */
  readonly url: string;
  stop(): Promise<void>;
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * "Acme shop": a small page of a site of its own, with the widget's embed snippet, as a site adds
 * it: the loader from the engine, the widget key, options (no language: the widget speaks the
 * visitor's). Its policy allows scripts, frames and connections from the engine's origin only, as
 * a site with a CSP would.
 */
export function demoSitePage(engineUrl: string, widgetKey: string, embed = true): string {
  const engine = new URL(engineUrl).origin;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme shop</title>
<link rel="icon" href="data:,">
<style>
body{margin:0;font:16px/1.5 Georgia,serif;color:#222;background:#faf7f2}
header{background:#2d3b2f;color:#fff;padding:16px 32px}
main{max-width:720px;margin:0 auto;padding:24px 32px}
.products{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:16px;list-style:none;padding:0}
.products li{background:#fff;border:1px solid #ddd;border-radius:8px;padding:16px}
button{all:unset}
</style>
</head>
<body>
<header><h1>Acme shop</h1></header>
<main>
<p>Tea, kettles and everything in between. Questions? Our support team is one click away (bottom right).</p>
<ul class="products">
<li><h2>Green tea</h2><p>100 g, 8 €</p></li>
<li><h2>Kettle</h2><p>1.5 l, 45 €</p></li>
<li><h2>Teapot</h2><p>Cast iron, 60 €</p></li>
</ul>
</main>
${embed ? `<script src="${escapeAttribute(`${engine}/widget/loader.js`)}" data-key="${escapeAttribute(widgetKey)}" data-colour="#2d6a4f" data-position="right" async></script>` : ''}
</body>
</html>
`;
}

/** Serves the demo host page on its own port: `/` is the page, anything else 404. */
export async function startDemoSite(options: DemoSiteOptions): Promise<RunningDemoSite> {
  const engine = new URL(options.engineUrl).origin;
  const page = demoSitePage(engine, options.widgetKey ?? DEMO_WIDGET_KEY, options.embed ?? true);
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '/').split('?')[0] !== '/') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        // As a real site's policy would: the engine's loader, frame and API only (and this page's styles).
        'content-security-policy': `default-src 'self'; script-src ${engine}; connect-src ${engine}; frame-src ${engine}; style-src 'unsafe-inline'; img-src data:`,
      })
      .end(page);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
