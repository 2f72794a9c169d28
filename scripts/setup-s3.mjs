#!/usr/bin/env node
// Builds versitygw (an S3-compatible server; its posix backend keeps buckets as folders) from its
// Go module into the git-ignored .tools/s3/bin, for the S3 attachment-storage integration tests.
// A build from source because the Go module proxy is reachable where GitHub release downloads
// may not be. Needs Go (see versitygw's go.mod for the minimum version); Go's module and build
// caches stay at their defaults, so a rebuild after `rm -rf .tools` is fast.
// Idempotent and quiet when the binary is already in place or S3_SERVER_PATH points elsewhere.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSITYGW = 'github.com/versity/versitygw/cmd/versitygw@v1.8.0';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, '.tools', 's3', 'bin');
const binary = join(bin, 'versitygw');

if (process.env.S3_SERVER_PATH) {
  console.log(`setup: S3 server from S3_SERVER_PATH=${process.env.S3_SERVER_PATH}`);
  process.exit(0);
}
if (existsSync(binary)) {
  console.log(`setup: S3 server ready (${binary})`);
  process.exit(0);
}

const go = spawnSync('go', ['version'], { encoding: 'utf8' });
if (go.status !== 0) {
  fail(
    `Go is not installed or not on PATH (${go.error?.message ?? `go version exited with ${go.status}`}).\n` +
      '  Install Go (https://go.dev/dl/), or set S3_SERVER_PATH to an existing versitygw binary.',
  );
}

const started = Date.now();
mkdirSync(bin, { recursive: true });
console.log(`setup: building ${VERSITYGW} with ${go.stdout.trim()} (a minute or two on a cold Go cache) …`);
// Go's "downloading …" lines are noise when all goes well: keep them for the failure message.
// -trimpath keeps this machine's paths out of the binary; GOFLAGS from the environment stays.
const build = spawnSync('go', ['install', VERSITYGW], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
  env: { ...process.env, GOBIN: bin, GOFLAGS: [process.env.GOFLAGS, '-trimpath'].filter(Boolean).join(' ') },
});
if (build.status !== 0 || !existsSync(binary)) {
  const output = `${build.stdout ?? ''}${build.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
  if (output) console.error(output);
  fail(
    `go install ${VERSITYGW} failed (${build.error?.message ?? `exit ${build.status}`}).\n` +
      '  It needs the Go module proxy (GOPROXY) and Go 1.25 or newer (versitygw v1.8.0 go.mod);\n' +
      '  or set S3_SERVER_PATH to an existing versitygw binary.',
  );
}
console.log(`setup: built ${binary} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

function fail(message) {
  console.error(`setup: could not build the S3 server (versitygw).\n  ${message}`);
  process.exit(1);
}
