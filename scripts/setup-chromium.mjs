#!/usr/bin/env node
// Finds the Chromium the desk's browser tests drive (playwright-core cannot download its own
// here), installing Debian's `chromium` package when it is missing and this user can (root with
// apt-get, as in CI). CHROMIUM_PATH names another binary. Idempotent and quiet when one is found;
// otherwise it says how to install one and fails, since those tests never skip.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const found = () =>
  process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)
    ? process.env.CHROMIUM_PATH
    : spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();

let path = found();
if (path) {
  console.log(`setup: Chromium ready (${path})`);
  process.exit(0);
}

const canInstall =
  process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
if (!canInstall) {
  console.error(
    'setup: Chromium is not installed, and the desk’s browser tests need it.\n' +
      '  As root on Debian or Ubuntu: apt-get install -y chromium\n' +
      '  Or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
  process.exit(1);
}

const apt = (...args) =>
  spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  }).status === 0;

const started = Date.now();
console.log('setup: installing Debian’s chromium for the desk’s browser tests …');
// The package lists may be missing or stale on a fresh machine: refresh them once on failure.
if (!apt('install', '-y', 'chromium')) {
  apt('update');
  apt('install', '-y', 'chromium');
}
path = found();
if (!path) {
  console.error('setup: apt-get could not install chromium; see its output above.');
  process.exit(1);
}
console.log(`setup: Chromium installed (${path}) in ${Math.round((Date.now() - started) / 1000)} s`);
