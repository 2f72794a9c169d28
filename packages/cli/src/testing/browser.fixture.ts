/** Browser harness for the desk's end-to-end tests (not a test file): real headless Chromium, axe-core. */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Where a failing test's screenshot is kept (ignored by git). */
export const BROWSER_ARTIFACTS_DIR = fileURLToPath(new URL('../../../../.e2e-artifacts/', import.meta.url));

/** The flags of every run: headless, no sandbox (root in CI containers), nothing fetched from the network by the browser itself. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** `CHROMIUM_PATH`, else the system's Chromium, or an error saying how to install it (the desk's tests never skip). */
export function chromiumPath(): string {
  const named = process.env.CHROMIUM_PATH;
  if (named) return named;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'Chromium is not installed, and the desk’s browser tests need it: install it (`npm run setup:chromium`, as root on Debian: `apt-get install -y chromium`) or set CHROMIUM_PATH.',
    );
  }
}

/** One browser for a suite: a fresh profile, removed on close. */
export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Starts Chromium headless with a fresh profile, pages in `locale` (the user's language). */
export async function startBrowser(locale: string): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'desk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    locale,
    // One size for every run, so the screenshots kept for the README look alike.
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

const axeSource = (): string => {
  const require = createRequire(import.meta.url);
  return require('axe-core').source as string;
};

/** A rule axe-core found broken on a page: its id, how bad, and where. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** The serious and critical accessibility violations axe-core finds on the page as it stands. */
export async function seriousViolations(page: Pick<Page, 'evaluate'>): Promise<AxeViolation[]> {
  // Evaluated through the browser's debugging protocol: the desk's CSP refuses inline scripts.
  await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    type Axe = {
      run(context: Document): Promise<{
        violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
      }>;
    };
    const { violations } = await (window as unknown as { axe: Axe }).axe.run(document);
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((node) => node.target.join(' ')),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/**
 * Runs `steps` on `page`; when they fail, keeps a screenshot of the page under
 * {@link BROWSER_ARTIFACTS_DIR} (named `name`) and fails saying where.
 */
export async function withScreenshotOnFailure(page: Page, name: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    await mkdir(BROWSER_ARTIFACTS_DIR, { recursive: true });
    const path = join(BROWSER_ARTIFACTS_DIR, `${name}.png`);
    await page.screenshot({ path, fullPage: true }).catch(() => undefined);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n(screenshot of the page: ${path})`, {
      cause: error,
    });
  }
}

/** Collects what `page` reports as an error from now on (a script failing, something its CSP refused, a failed hydration). */
export function consoleErrorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}
