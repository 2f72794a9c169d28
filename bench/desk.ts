/**
 * The desk, as an agent meets it, over 100,000 tickets in the read model (bulk-written), served
 * by the API with the desk's build, in headless Chromium (`playwright-core`, the system's
 * Chromium or `CHROMIUM_PATH`):
 *
 * - **first load**: a fresh browser context (empty cache) opens `/desk/inbox` signed in as an
 *   agent, until the inbox's first row is drawn (the page's scripts ran, its first page and its
 *   views' counts came back); baseline: a blank static page from the same server, until its load
 *   event. Rounds alternate; medians and p95.
 * - **JavaScript**: the scripts the first load fetched (the inbox's), gzipped (level 9), against
 *   the 250 KB budget of the first load; and every `.js` file of the build, for the record (a page
 *   loads only its own route's files).
 * - **inbox's first page**: the GraphQL requests the desk sent for its first load (captured from
 *   the browser, so exactly the desk's documents and filters: the first page of "mine" and the
 *   saved views' counts), replayed one at a time; baseline: a primary-key read of one ticket
 *   (`ticket(id:)`) through the same endpoint. Alternating, p50/p95.
 * - **scrolling**: the inbox of every open ticket scrolled down 60 px at each animation frame for
 *   300 frames (its keyset pages loading on the way), the time between frames; baseline: the same
 *   scroll of a plain page of 2,000 table rows, all drawn. Frames over 25 ms (one and a half of
 *   60 Hz's) count as dropped; p95 ratio. And where the frames' CPU went (Chromium's trace, CDP
 *   `Tracing`, thread time: the renderer's main thread with its layouts and paints, the raster
 *   workers), against the plain page's: late frames depend also on the machine's load, this less.
 * - **live status change**: two pages, one agent's inbox showing a ticket and another agent's
 *   page changing that ticket's status (a `changeTicketStatus` sent from that page), until the
 *   first page's row shows the new status (the tickets projection runs in this process);
 *   baseline: the same changes' `ticketUpdated` updates on a bare graphql-ws client in this
 *   process (the API's own live feed, the ticket read back included). p50/p95.
 *
 *   node --conditions=@support-engine/source --import tsx bench/desk.ts
 *   # BENCH_TICKETS=100000 BENCH_LOADS=10 BENCH_REQUESTS=100 BENCH_CHANGES=40
 *
 * Targets (issue #58): first load < 1 s; JavaScript <= 250 KB gzip; first page < 200 ms; scrolling
 * without dropped frames; the live status change p95 < 300 ms. The desk is built first when `packages/desk/build` has no page.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DESK_PATH, GRAPHQL_PATH, mintToken } from '@support-engine/api';
import { createTicketsProjection, runProjector } from '@support-engine/projections';
import { createClient } from 'graphql-ws';
import { type Browser, chromium, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { chromiumPath } from '../packages/cli/src/testing/browser.fixture.js';
import { BENCH_SECRET, startApiPair } from './lib/api-pair.js';
import { fromEnv, median, quantile } from './lib/measure.js';
import { seedTicketRows } from './lib/ticket-rows.js';

const DESK_BUILD = fileURLToPath(new URL('../packages/desk/build/', import.meta.url));
const JS_BUDGET_BYTES = 250 * 1024;
const SESSION_KEY = 'support-desk.session';
const ROW = 'tbody tr[data-ticket-id]';
/** Frames of one scroll (one step of {@link SCROLL_STEP} px per frame) and the rows a plain page needs to match it. */
const SCROLL_FRAMES = 300;
const SCROLL_STEP = 60;
const SCROLL_ROWS = 2_000;
/** A frame longer than one and a half of 60 Hz's missed its turn: a dropped frame. */
const DROPPED_MS = 25;

/**
 * Scrolls the window down by `step` px at each animation frame for `frames` frames and returns the
 * time between frames (a smooth scroll is one every 16.7 ms at 60 Hz).
 */
async function scrollFrames(page: Page, frames: number, step: number): Promise<number[]> {
  // As text: tsx would name a function written here with a helper the page does not have.
  return page.evaluate(`new Promise((resolve) => {
    const gaps = [];
    let last = 0;
    let left = ${frames};
    const tick = (now) => {
      gaps.push(now - last);
      last = now;
      window.scrollBy(0, ${step});
      if (--left > 0) requestAnimationFrame(tick);
      else resolve(gaps);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  })`) as Promise<number[]>;
}

/** Where a scroll's frames spent the CPU, from Chromium's trace (thread time, so another process's load does not count). */
interface FrameWork {
  /** The renderer's main thread making frames: scroll events, script, style, layout, paint. */
  mainMs: number;
  layoutMs: number;
  layouts: number;
  paintMs: number;
  /** The raster workers drawing the tiles the frames changed. */
  rasterMs: number;
}

/**
 * {@link scrollFrames} with Chromium's tracing on (CDP `Tracing`): the time between frames, and
 * where their CPU went. A late frame's cause shows in the second; the first depends also on what
 * else the machine runs.
 */
async function tracedScroll(page: Page, frames: number, step: number): Promise<{ gaps: number[]; work: FrameWork }> {
  const cdp = await page.context().newCDPSession(page);
  const events: { name: string; ph: string; dur?: number; tdur?: number }[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as typeof events)));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,cc', transferMode: 'ReportEvents' });
  const gaps = await scrollFrames(page, frames, step);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const work: FrameWork = { mainMs: 0, layoutMs: 0, layouts: 0, paintMs: 0, rasterMs: 0 };
  for (const { name, ph, dur, tdur } of events) {
    if (ph !== 'X') continue;
    const ms = (tdur ?? dur ?? 0) / 1000;
    if (name === 'ProxyMain::BeginMainFrame') work.mainMs += ms;
    else if (name === 'Layout') {
      work.layoutMs += ms;
      work.layouts++;
    } else if (name === 'Paint') work.paintMs += ms;
    else if (name === 'RasterTask') work.rasterMs += ms;
  }
  return { gaps, work };
}

/** A scroll's {@link FrameWork} as one line. */
function workLine(label: string, { mainMs, layoutMs, layouts, paintMs, rasterMs }: FrameWork): string {
  return `  ${label.padEnd(34)} main thread ${mainMs.toFixed(0).padStart(5)} ms (layout ${layouts}x ${layoutMs.toFixed(0)} ms, paint ${paintMs.toFixed(0)} ms)   raster ${rasterMs.toFixed(0).padStart(5)} ms`;
}

/** p50 and p95 of some durations, in ms, as one line. */
function line(label: string, values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `  ${label.padEnd(34)} n ${String(sorted.length).padStart(4)}   p50 ${median(sorted).toFixed(1).padStart(7)} ms   p95 ${quantile(sorted, 0.95).toFixed(1).padStart(7)} ms   max ${sorted.at(-1)?.toFixed(1)} ms`;
}

/** The desk's build, built first if missing, copied beside a blank page (the baseline's). */
async function deskFolder(): Promise<string> {
  if (!existsSync(join(DESK_BUILD, 'index.html'))) {
    const built = spawnSync('npm', ['run', 'build', '-w', '@support-engine/desk'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('the desk did not build');
  }
  const dir = await mkdtemp(join(tmpdir(), 'bench-desk-'));
  await cp(DESK_BUILD, dir, { recursive: true });
  await writeFile(join(dir, 'blank.html'), '<!doctype html><html lang="en"><title>blank</title><body></body></html>');
  // The scrolling baseline: the same number of plain table rows as the scroll passes, all drawn.
  const rows = Array.from({ length: SCROLL_ROWS }, (_, n) => `<tr><td>${n}</td><td>Ticket ${n}</td><td>open</td></tr>`);
  await writeFile(
    join(dir, 'rows.html'),
    `<!doctype html><html lang="en"><title>rows</title><body><table><tbody>${rows.join('')}</tbody></table></body></html>`,
  );
  return dir;
}

/** Every `.js` file under `dir`, gzipped, in bytes; and how many files. */
async function gzippedScripts(dir: string): Promise<{ bytes: number; raw: number; files: number }> {
  let bytes = 0;
  let raw = 0;
  let files = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const content = await readFile(join(entry.parentPath, entry.name));
    bytes += gzipSync(content, { level: 9 }).length;
    raw += content.length;
    files++;
  }
  return { bytes, raw, files };
}

/**
 * Polls `check` (a `page.evaluate`) until it holds, for at most 30 s. Not `waitForFunction`: the
 * desk's Content-Security-Policy forbids the evaluation it polls with. The instants measured are
 * recorded in the page by observers, so the polling's own period does not count.
 */
async function until(check: () => Promise<boolean>, failure: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Signs a new page in as `sub` (an agent) the way the desk keeps a session: in sessionStorage. */
async function signedInPage(browser: Browser, session: { token: string; sub: string; name: string }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  await context.addInitScript(([key, value]) => sessionStorage.setItem(key, value), [
    SESSION_KEY,
    JSON.stringify({ ...session, role: 'agent' }),
  ] as const);
  // When the first row is drawn, in the page's own clock (ms since navigation start).
  // No named functions inside: tsx names them with a helper the page does not have.
  await context.addInitScript((selector) => {
    new MutationObserver((_changes, observer) => {
      if (document.querySelector(selector) === null) return;
      (window as unknown as { firstRowAt: number }).firstRowAt = performance.now();
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  }, ROW);
  return { context, page: await context.newPage() };
}

/** Runs the bench and prints every figure. */
export async function runDeskBench(): Promise<void> {
  const tickets = fromEnv('BENCH_TICKETS', 100_000);
  const loads = fromEnv('BENCH_LOADS', 10);
  const requests = fromEnv('BENCH_REQUESTS', 100);
  const changes = fromEnv('BENCH_CHANGES', 40);
  const deskDir = await deskFolder();
  const { api, db, store, connectionString, close } = await startApiPair({ deskDir });
  const stopProjector = new AbortController();
  let browser: Browser | undefined;
  try {
    await seedTicketRows(db, tickets);
    const base = await api.listen({ port: 0, host: '127.0.0.1' });
    const projecting = runProjector(
      { store, db, connectionString, projection: createTicketsProjection(), pollIntervalMs: 50 },
      stopProjector.signal,
    );
    void projecting;
    const agent = {
      sub: 'agent-1',
      name: 'Agent One',
      token: await mintToken({ sub: 'agent-1', role: 'agent' }, BENCH_SECRET, 3600),
    };
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });

    // (b) the build's scripts.
    const scripts = await gzippedScripts(join(deskDir, '_app'));
    console.log(
      `JavaScript of the whole build: ${scripts.files} files, ${(scripts.bytes / 1024).toFixed(1)} KB gzip (${(scripts.raw / 1024).toFixed(1)} KB raw); budget 250 KB: ${(scripts.bytes / JS_BUDGET_BYTES).toFixed(2)}x of it`,
    );

    // (a) first loads, alternating with the blank page; the first one's GraphQL requests kept for (c).
    const deskLoads: number[] = [];
    const blankLoads: number[] = [];
    let captured: string[] = [];
    let firstLoadScripts: string[] = [];
    for (let round = 0; round < loads + 1; round++) {
      const desk = async () => {
        const { context, page } = await signedInPage(browser!, agent);
        const bodies: string[] = [];
        const scriptUrls: string[] = [];
        page.on('request', (request) => {
          if (new URL(request.url()).pathname.endsWith('.js')) scriptUrls.push(request.url());
          if (request.url().endsWith(GRAPHQL_PATH) && request.method() === 'POST')
            bodies.push(request.postData() ?? '');
        });
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(message.text());
        });
        page.on('response', async (response) => {
          if (!response.url().endsWith(GRAPHQL_PATH)) return;
          // A response still arriving when the context closes has no body to read: not a problem of the page.
          const text = await response.text().catch(() => '');
          if (text.includes('"errors"')) problems.push(text);
        });
        await page.goto(`${base}${DESK_PATH}/inbox`);
        const drawn = () =>
          page.evaluate(() => (window as unknown as { firstRowAt?: number }).firstRowAt !== undefined);
        await until(drawn, () => `the inbox drew no row at ${page.url()}: ${problems.join('; ')}`);
        const at = await page.evaluate(() => (window as unknown as { firstRowAt: number }).firstRowAt);
        await context.close();
        return { at, bodies, scriptUrls };
      };
      const blank = async () => {
        const context = await browser!.newContext();
        const page = await context.newPage();
        await page.goto(`${base}${DESK_PATH}/blank.html`, { waitUntil: 'load' });
        const at = await page.evaluate(
          () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventStart,
        );
        await context.close();
        return at;
      };
      const order = round % 2 === 0;
      const first = order ? await desk() : await blank();
      const second = order ? await blank() : await desk();
      const deskRun = (order ? first : second) as Awaited<ReturnType<typeof desk>>;
      const blankRun = (order ? second : first) as number;
      if (round === 0) {
        // The first round warms the server (and the JIT): not counted.
        captured = deskRun.bodies;
        firstLoadScripts = deskRun.scriptUrls;
        continue;
      }
      deskLoads.push(deskRun.at);
      blankLoads.push(blankRun);
    }
    console.log(`first load (fresh context, ${tickets.toLocaleString('en')} tickets), to the first row drawn:`);
    console.log(line('desk /desk/inbox', deskLoads));
    console.log(line('baseline: blank static page', blankLoads));
    console.log(`  ratio (p50): ${(median(deskLoads) / median(blankLoads)).toFixed(2)}x`);
    let firstLoadBytes = 0;
    for (const url of firstLoadScripts) {
      const path = new URL(url).pathname.slice(DESK_PATH.length + 1);
      firstLoadBytes += gzipSync(await readFile(join(deskDir, path)), { level: 9 }).length;
    }
    console.log(
      `JavaScript of the first load: ${firstLoadScripts.length} files, ${(firstLoadBytes / 1024).toFixed(1)} KB gzip; budget 250 KB: ${(firstLoadBytes / JS_BUDGET_BYTES).toFixed(2)}x of it`,
    );

    // (c) the desk's own first-page requests, replayed, against a primary-key read.
    const send = async (body: string) => {
      const started = performance.now();
      const response = await fetch(`${base}${GRAPHQL_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${agent.token}` },
        body,
      });
      const json = (await response.json()) as { errors?: unknown };
      if (json.errors) throw new Error(JSON.stringify(json.errors));
      return performance.now() - started;
    };
    const queries = captured
      .map((body) => ({
        body,
        name: (JSON.parse(body) as { query: string }).query.match(/(query|subscription) (\w+)/)?.[2] ?? '?',
      }))
      .filter(({ body }) => !body.includes('subscription'));
    const pk = JSON.stringify({
      query: 'query($id: ID!) { ticket(id: $id) { id subject status } }',
      variables: { id: 'ticket-0050000' },
    });
    const timings = new Map<string, number[]>(queries.map(({ name }) => [name, []]));
    const baseline: number[] = [];
    for (let n = 0; n < requests; n++) {
      const ours = async () => {
        for (const { body, name } of queries) timings.get(name)!.push(await send(body));
      };
      const theirs = async () => {
        baseline.push(await send(pk));
      };
      if (n % 2 === 0) await ours().then(theirs);
      else await theirs().then(ours);
    }
    console.log(`inbox's first page over ${tickets.toLocaleString('en')} tickets, the desk's requests one at a time:`);
    for (const [name, values] of timings) console.log(line(name, values));
    console.log(line('baseline: ticket(id:) by primary key', baseline));
    const firstPage = timings.get('InboxTickets') ?? [];
    console.log(`  ratio (p50, InboxTickets / primary key): ${(median(firstPage) / median(baseline)).toFixed(2)}x`);

    // (d) scrolling the inbox of every open ticket (pages loading on the way) against a plain page of rows.
    {
      const { context, page } = await signedInPage(browser!, agent);
      await page.goto(`${base}${DESK_PATH}/inbox?view=all`);
      await page.locator(ROW).first().waitFor();
      const { gaps: desk, work: deskWork } = await tracedScroll(page, SCROLL_FRAMES, SCROLL_STEP);
      const rows = await page.locator(ROW).count();
      await context.close();
      const plainContext = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
      const plain = await plainContext.newPage();
      await plain.goto(`${base}${DESK_PATH}/rows.html`, { waitUntil: 'load' });
      const { gaps: baselineFrames, work: baselineWork } = await tracedScroll(plain, SCROLL_FRAMES, SCROLL_STEP);
      await plainContext.close();
      const dropped = (gaps: readonly number[]) => gaps.filter((gap) => gap > DROPPED_MS).length;
      console.log(
        `scrolling the inbox of every open ticket, ${SCROLL_STEP} px a frame for ${SCROLL_FRAMES} frames (${rows} rows drawn at the end):`,
      );
      console.log(line('desk: time between frames', desk));
      console.log(line('baseline: a plain page of rows', baselineFrames));
      console.log(
        `  frames over ${DROPPED_MS} ms: desk ${dropped(desk)}, baseline ${dropped(baselineFrames)}; ratio (p95): ${(
          quantile(
            [...desk].sort((x, y) => x - y),
            0.95,
          ) /
            quantile(
              [...baselineFrames].sort((x, y) => x - y),
              0.95,
            )
        ).toFixed(2)}x`,
      );
      console.log("  the frames' CPU (Chromium's trace, thread time):");
      console.log(workLine('desk', deskWork));
      console.log(workLine('baseline: a plain page of rows', baselineWork));
      console.log(
        `  ratio (main thread + raster): ${((deskWork.mainMs + deskWork.rasterMs) / (baselineWork.mainMs + baselineWork.rasterMs)).toFixed(2)}x`,
      );
    }

    // (e) two agents: one changes a ticket's status on their page, the other's inbox follows.
    const system = await mintToken({ sub: 'bench-portal', role: 'system' }, BENCH_SECRET, 3600);
    const other = await mintToken({ sub: 'agent-2', role: 'agent' }, BENCH_SECRET, 3600);
    const gql = async (token: string, query: string, variables: Record<string, unknown>) => {
      const response = await fetch(`${base}${GRAPHQL_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const json = (await response.json()) as {
        data?: Record<string, { consistencyToken?: string }>;
        errors?: unknown;
      };
      if (json.errors) throw new Error(JSON.stringify(json.errors));
      return json.data!;
    };
    const ticketId = 'bench-live-ticket';
    await gql(system, 'mutation($i: OpenTicketInput!) { openTicket(input: $i) { id } }', {
      i: { ticketId, customerId: 'bench-customer', subject: 'Live status bench', description: 'x', channel: 'web' },
    });
    const move = 'mutation($i: ChangeTicketStatusInput!) { changeTicketStatus(input: $i) { consistencyToken } }';
    const moved = await gql(other, move, { i: { ticketId, to: 'in_progress' } });
    await gql(
      other,
      'query($t: String) { ticket(id: "bench-live-ticket") { id } tickets(first: 1, consistencyToken: $t) { nextCursor } }',
      {
        t: moved.changeTicketStatus?.consistencyToken,
      },
    );
    const watcher = await signedInPage(browser, agent);
    await watcher.page.goto(`${base}${DESK_PATH}/inbox?view=all&q=${ticketId}`);
    const row = watcher.page.locator(`${ROW}[data-ticket-id="${ticketId}"]`);
    await row.waitFor();
    // When the row's status changes, in wall-clock ms (both pages and this process share the clock).
    await watcher.page.evaluate((selector) => {
      const target = document.querySelector(selector)!;
      new MutationObserver(() => {
        (window as unknown as { changes: [string, number][] }).changes.push([
          target.getAttribute('data-status') ?? '',
          Date.now(),
        ]);
      }).observe(target, { attributes: true, attributeFilter: ['data-status'] });
      (window as unknown as { changes: [string, number][] }).changes = [];
    }, `${ROW}[data-ticket-id="${ticketId}"]`);
    const actor = await signedInPage(browser, { ...agent, sub: 'agent-2', token: other });
    await actor.page.goto(`${base}${DESK_PATH}/inbox?view=all&q=${ticketId}`);
    await actor.page.locator(ROW).first().waitFor();
    // The baseline's client: the API's own feed of the same ticket, with the ticket read back.
    const ws = createClient({
      url: `${base.replace('http', 'ws')}${GRAPHQL_PATH}`,
      connectionParams: { authorization: `Bearer ${other}` },
      webSocketImpl: WebSocket,
    });
    const feed: [string, number][] = [];
    const stopFeed = ws.subscribe(
      { query: `subscription { ticketUpdated(ticketId: "${ticketId}") { ticket { status } } }` },
      {
        next: (value) => {
          const status = (value.data as { ticketUpdated?: { ticket?: { status: string } | null } })?.ticketUpdated
            ?.ticket?.status;
          if (status) feed.push([status, Date.now()]);
        },
        error: () => {},
        complete: () => {},
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const onScreen: number[] = [];
    const viaFeed: number[] = [];
    for (let n = 0; n < changes; n++) {
      const to = n % 2 === 0 ? 'waiting_customer' : 'in_progress';
      const sentAt = await actor.page.evaluate(
        async ({ url, token, query, input }) => {
          const at = Date.now();
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables: { i: input } }),
          });
          const json = (await response.json()) as { errors?: unknown };
          if (json.errors) throw new Error(JSON.stringify(json.errors));
          return at;
        },
        { url: `${base}${GRAPHQL_PATH}`, token: other, query: move, input: { ticketId, to } },
      );
      const count = Math.floor(n / 2) + 1;
      await until(
        () =>
          watcher.page.evaluate(
            ([status, count]) =>
              (window as unknown as { changes: [string, number][] }).changes.filter(([s]) => s === status).length >=
              count,
            [to, count] as const,
          ),
        () => `the watching inbox never showed ${to}`,
      );
      const seen = (
        await watcher.page.evaluate(() => (window as unknown as { changes: [string, number][] }).changes)
      ).at(-1)!;
      onScreen.push(seen[1] - sentAt);
      const fed = feed.filter(([status]) => status === to);
      const deadline = Date.now() + 5000;
      while (fed.length < Math.floor(n / 2) + 1 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        fed.splice(0, fed.length, ...feed.filter(([status]) => status === to));
      }
      if (fed.length >= Math.floor(n / 2) + 1) viaFeed.push(fed.at(-1)![1] - sentAt);
      // A pause between changes, as people make them.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    stopFeed();
    await ws.dispose();
    await watcher.context.close();
    await actor.context.close();
    console.log(`a status change from one agent's page on another's inbox (${changes} changes):`);
    console.log(line('desk: the row shows the new status', onScreen));
    console.log(line('baseline: ticketUpdated on graphql-ws', viaFeed));
    const sortedScreen = [...onScreen].sort((a, b) => a - b);
    const sortedFeed = [...viaFeed].sort((a, b) => a - b);
    console.log(`  ratio (p95): ${(quantile(sortedScreen, 0.95) / quantile(sortedFeed, 0.95)).toFixed(2)}x`);
  } finally {
    stopProjector.abort();
    await browser?.close();
    await close();
    await rm(deskDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runDeskBench();
