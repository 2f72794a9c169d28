#!/usr/bin/env node
// Installs one Node.js release from the npm registry (the `node-<platform>-<arch>` packages hold the
// official binaries) into the git-ignored .tools/node/<version>/ folder and prints its bin folder,
// so CI can run the suite on another Node without internet access beyond the registry.
// Cached: a second call for the same version only prints the path.
//
//   PATH="$(node scripts/node-runtime.mjs 24.21.0)":$PATH node --version
//
// `--tools-dir <dir>` installs somewhere other than .tools/ (e.g. a scratch folder).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const version = args[0];
if (!version || !/^\d+\.\d+\.\d+$/.test(version))
  fail('usage: node scripts/node-runtime.mjs <x.y.z> [--tools-dir <dir>]');
const toolsFlag = args.indexOf('--tools-dir');
const tools =
  toolsFlag === -1 ? join(dirname(fileURLToPath(import.meta.url)), '..', '.tools') : (args[toolsFlag + 1] ?? '');
if (!tools) fail('--tools-dir needs a folder');

const target = join(tools, 'node', version);
const bin = join(target, 'bin');
if (!existsSync(join(bin, 'node'))) install();
console.log(bin);

function install() {
  const started = Date.now();
  mkdirSync(join(tools, 'node'), { recursive: true });
  // Unpacked beside the target and renamed into place, so an interrupted install is never taken for a cached one.
  const scratch = mkdtempSync(join(tools, 'node', `.${version}-`));
  try {
    const pkg = `node-${platform()}-${arch()}@${version}`;
    run('npm', ['pack', pkg, '--silent', '--pack-destination', scratch], `npm pack ${pkg}`);
    const tarball = readdirSync(scratch).find((name) => name.endsWith('.tgz'));
    if (!tarball) fail(`npm pack ${pkg} left no tarball`);
    const unpacked = join(scratch, 'node');
    mkdirSync(unpacked);
    run(
      'tar',
      ['-xzf', join(scratch, tarball), '-C', unpacked, '--strip-components=1', 'package/bin/node', 'package/LICENSE'],
      'tar',
    );
    renameSync(unpacked, target);
    console.error(
      `node-runtime: installed Node ${version} into ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function run(command, commandArgs, what) {
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) fail(`${what} failed (${result.error?.message ?? `exit ${result.status}`})`);
}

function fail(message) {
  console.error(`node-runtime: ${message}`);
  process.exit(1);
}
