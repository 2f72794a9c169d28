import { describe, expect, it } from 'vitest';
import { engineCommandLine } from './engine-process.js';

// A process of the chaos run may need both the clock preload (every process) and the network
// namespace (projector-b): the wrapper execs Node in the namespace, and Node loads the preload.
const SELF = { file: '/usr/bin/node', args: ['--import', 'tsx', '/repo/packages/cli/src/main.ts'] };

describe('the command line of a supervised engine process', () => {
  it('starts Node with the clock preload after its flags and before the entry point', () => {
    expect(engineCommandLine([], SELF, '/run/clock-offset.mjs', 'api')).toEqual([
      '/usr/bin/node',
      '--import',
      'tsx',
      '--import',
      '/run/clock-offset.mjs',
      '/repo/packages/cli/src/main.ts',
      'api',
    ]);
  });

  it('puts the namespace wrapper in front, keeping the preload for the process inside', () => {
    expect(engineCommandLine(['ip', 'netns', 'exec', 'chaos-7'], SELF, '/run/clock-offset.mjs', 'projector')).toEqual([
      'ip',
      'netns',
      'exec',
      'chaos-7',
      '/usr/bin/node',
      '--import',
      'tsx',
      '--import',
      '/run/clock-offset.mjs',
      '/repo/packages/cli/src/main.ts',
      'projector',
    ]);
  });
});
