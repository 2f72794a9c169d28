/**
 * The chat widget as a site meets it (issue #60), served by the API with the widget's build:
 *
 * - **sizes**: the loader (`loader.js`, the one script every page of the host site loads) gzipped
 *   (level 9) against its 10 KB budget; the frame's JavaScript (every `.js` file of its build, all
 *   of which the one page loads when a visitor opens the widget) against its 100 KB budget.
 * - **the host page's load time with and without the loader**: the demo host page ("Acme shop",
 *   served on its own origin as `npm start` serves it) opened in a fresh browser context (empty
 *   cache) until its load event, the same page with and without the embed snippet, alternating
 *   rounds; medians and p95, and their ratio. The loader fetches the key's configuration and draws
 *   the launcher; the frame is not loaded (it is made on the first click only).
 *
 *   node --conditions=@support-engine/source --import tsx bench/widget.ts
 *   # BENCH_LOADS=20
 *
 * Targets (issue #60): loader <= 10 KB gzip, frame <= 100 KB gzip. The widget is built first when
 * `packages/widget/build` has no loader.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { GRAPHQL_PATH, mintToken } from '@support-engine/api';
import { type Browser, chromium } from 'playwright-core';
import { startDemoSite } from '../packages/cli/src/dev/site.js';
import { chromiumPath } from '../packages/cli/src/testing/browser.fixture.js';
import { BENCH_SECRET, startApiPair } from './lib/api-pair.js';
import { alternately, fromEnv, median, quantile } from './lib/measure.js';

const WIDGET_BUILD = fileURLToPath(new URL('../packages/widget/build/', import.meta.url));
const LOADER_BUDGET_BYTES = 10 * 1024;
const FRAME_BUDGET_BYTES = 100 * 1024;
const KEY = 'wk_bench';

/** The widget's build folder, built first when it holds no loader. */
function widgetBuild(): string {
  if (!existsSync(join(WIDGET_BUILD, 'loader.js'))) {
    const built = spawnSync('npm', ['run', 'build', '--silent', '--workspace', '@support-engine/widget'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('the widget did not build');
  }
  return WIDGET_BUILD;
}

/** Every `.js` file under `dir` (the frame's), gzipped, in bytes; and how many files. */
async function gzippedScripts(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    bytes += gzipSync(await readFile(join(entry.parentPath, entry.name)), { level: 9 }).length;
    files++;
  }
  return { bytes, files };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (bytes: number, budget: number) => (bytes <= budget ? 'within' : 'OVER');

/** Milliseconds from navigation to the load event of `url`, in a fresh context (empty cache). */
async function loadTime(browser: Browser, url: string, launcher: boolean): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    // With the loader, the launcher must be there (the key's configuration came back): a load
    // that drew nothing would measure nothing.
    if (launcher) await page.waitForSelector('[data-support-widget]', { state: 'attached', timeout: 10_000 });
    return await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return navigation!.loadEventEnd - navigation!.startTime;
    });
  } finally {
    await context.close();
  }
}

const line = (name: string, values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `  ${name}: p50 ${median(values).toFixed(1)} ms, p95 ${quantile(sorted, 0.95).toFixed(1)} ms (${values.length} loads)`;
};

/** Registers the bench's widget key for the host page's origin, as an admin does (`configureWidget`). */
async function registerKey(engine: string, origin: string): Promise<void> {
  const token = await mintToken({ sub: 'bench-admin', role: 'admin' }, BENCH_SECRET, 3600);
  const response = await fetch(`${engine}${GRAPHQL_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation($i: ConfigureWidgetInput!) { configureWidget(input: $i) { version } }',
      variables: { i: { widgetKey: KEY, name: 'Bench shop', allowedOrigins: [origin] } },
    }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`configureWidget: ${JSON.stringify(body.errors)}`);
}

/** Runs the bench and prints every figure. */
export async function runWidgetBench(): Promise<void> {
  const loads = fromEnv('BENCH_LOADS', 20);
  const dir = widgetBuild();
  const loader = gzipSync(await readFile(join(dir, 'loader.js')), { level: 9 }).length;
  const frame = await gzippedScripts(join(dir, '_app'));
  console.log('sizes (gzip, level 9):');
  console.log(
    `  loader.js: ${kb(loader)} (budget ${kb(LOADER_BUDGET_BYTES)}: ${verdict(loader, LOADER_BUDGET_BYTES)})`,
  );
  console.log(
    `  the frame's JavaScript: ${kb(frame.bytes)} in ${frame.files} files (budget ${kb(FRAME_BUDGET_BYTES)}: ${verdict(frame.bytes, FRAME_BUDGET_BYTES)})`,
  );

  const { api, close } = await startApiPair({ widgetDir: dir });
  let browser: Browser | undefined;
  const sites: { stop(): Promise<void> }[] = [];
  try {
    const engine = await api.listen({ port: 0, host: '127.0.0.1' });
    const withLoader = await startDemoSite({ host: '127.0.0.1', port: 0, engineUrl: engine, widgetKey: KEY });
    const without = await startDemoSite({
      host: '127.0.0.1',
      port: 0,
      engineUrl: engine,
      widgetKey: KEY,
      embed: false,
    });
    sites.push(withLoader, without);
    await registerKey(engine, withLoader.url);
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
    // One load of each first: the server's and the browser's first-time costs out of the figures.
    await loadTime(browser, without.url, false);
    const launcher = await loadTime(browser, withLoader.url, true).then(
      () => true,
      () => false,
    );
    if (!launcher)
      console.log('  (no launcher drawn: the engine answered no configuration for the key; timing the loader alone)');
    const timed = { with: [] as number[], without: [] as number[] };
    for (let round = 0; round < loads; round++)
      await alternately(
        round,
        async () => timed.with.push(await loadTime(browser!, withLoader.url, launcher)),
        async () => timed.without.push(await loadTime(browser!, without.url, false)),
      );
    console.log('the host page, navigation to load event, fresh context each time:');
    console.log(line(launcher ? 'with the loader (launcher drawn)' : 'with the loader (no launcher)', timed.with));
    console.log(line('without it', timed.without));
    console.log(`  ratio (p50): ${(median(timed.with) / median(timed.without)).toFixed(2)}x`);
  } finally {
    await browser?.close();
    for (const site of sites) await site.stop();
    await close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runWidgetBench();
