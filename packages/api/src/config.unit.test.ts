import { describe, expect, it } from 'vitest';
import { ApiConfigError, loadApiConfig } from './config.js';

function problemsOf(env: NodeJS.ProcessEnv) {
  try {
    loadApiConfig(env);
  } catch (error) {
    if (error instanceof ApiConfigError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe('loadApiConfig', () => {
  it('names the environment variable behind each invalid setting', () => {
    expect(problemsOf({})).toEqual(['SUPPORT_JWT_SECRET']);
    expect(
      problemsOf({ SUPPORT_JWT_SECRET: 'x'.repeat(40), SUPPORT_API_RATE_MAX: 'many', SUPPORT_API_MAX_DEPTH: '0' }),
    ).toEqual(['SUPPORT_API_RATE_MAX', 'SUPPORT_API_MAX_DEPTH']);
    expect(problemsOf({ SUPPORT_JWKS_URL: 'not a url' })).toEqual(['SUPPORT_JWKS_URL']);
  });

  it('reads a valid environment', () => {
    expect(problemsOf({ SUPPORT_JWT_SECRET: 'x'.repeat(40) })).toEqual([]);
  });
});
