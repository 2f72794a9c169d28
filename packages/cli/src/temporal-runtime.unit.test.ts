import { Runtime } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { installTemporalRuntime } from './temporal-runtime.js';

describe('installTemporalRuntime', () => {
  it('forwards the native core’s log lines to the process logger instead of its console', () => {
    installTemporalRuntime(createLogger('warn', 'json'));
    const { runtimeOptions, shutdownSignals } = Runtime.instance().options;
    expect(runtimeOptions.logExporter.type).toBe('forward');
    expect(shutdownSignals).toEqual([]);
  });
});
