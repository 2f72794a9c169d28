import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuthenticator } from '@support-engine/api';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../program.js';
import { testIo } from '../testing/io.fixture.js';
import { runToken } from './token.js';

const SECRET = 'the-api-secret-of-at-least-32-characters';

async function devDataDir(secret?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-token-'));
  if (secret) await writeFile(join(dir, 'dev-jwt-secret'), `${secret}\n`);
  return dir;
}

/** Runs `support-engine token ...args` and returns the exit code and output. */
async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const io = testIo(env);
  let code: number | undefined;
  const program = createProgram(io, (c) => {
    code = c;
  });
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  await program.parseAsync(['node', 'support-engine', ...args]);
  return { code, out: io.stdout.text() };
}

describe('token command', () => {
  it('prints a token the API accepts for that role and subject', async () => {
    const { code, out } = await cli(
      ['token', '--role', 'customer', '--sub', 'cust-9', '--data-dir', await devDataDir()],
      { SUPPORT_JWT_SECRET: SECRET },
    );
    expect(code).toBe(0);
    const principal = await createAuthenticator({ mode: 'hs256', secret: SECRET })(`Bearer ${out.trim()}`);
    expect(principal).toEqual({ id: 'cust-9', role: 'customer' });
  });

  it('signs with the dev secret when SUPPORT_JWT_SECRET is not set', async () => {
    const devSecret = 'dev-secret-written-by-the-dev-command-0123';
    const dir = await devDataDir(devSecret);
    const { out } = await cli(['token', '--role', 'auditor', '--sub', 'audit-1', '--data-dir', dir], {});
    const principal = await createAuthenticator({ mode: 'hs256', secret: devSecret })(`Bearer ${out.trim()}`);
    expect(principal).toEqual({ id: 'audit-1', role: 'auditor' });
  });

  it('honours --ttl', async () => {
    const { out } = await cli(['token', '--role', 'agent', '--sub', 'a-1', '--ttl', '60'], {
      SUPPORT_JWT_SECRET: SECRET,
    });
    const claims = JSON.parse(Buffer.from(out.trim().split('.')[1]!, 'base64url').toString()) as Record<string, number>;
    expect(claims.exp! - claims.iat!).toBe(60);
  });

  it('refuses an unknown role, naming the allowed ones', async () => {
    await expect(cli(['token', '--role', 'root', '--sub', 'x'], { SUPPORT_JWT_SECRET: SECRET })).rejects.toThrow(
      /argument 'root' is invalid\. Allowed choices are customer, agent, supervisor, admin, auditor, system/,
    );
  });

  it('says where a secret comes from when there is none', async () => {
    const dir = await devDataDir();
    await expect(
      runToken({ role: 'agent', sub: 'a', ttl: 60, devSecretFile: join(dir, 'dev-jwt-secret') }, testIo({})),
    ).rejects.toThrow(/No signing secret: set SUPPORT_JWT_SECRET .* or run `npm start` once/);
  });

  it('refuses a secret the API would refuse, and JWKS deployments', async () => {
    const options = { role: 'agent' as const, sub: 'a', ttl: 60, devSecretFile: '/nonexistent' };
    await expect(runToken(options, testIo({ SUPPORT_JWT_SECRET: 'short' }))).rejects.toThrow(
      'SUPPORT_JWT_SECRET: use a secret of at least 32 characters',
    );
    await expect(runToken(options, testIo({ SUPPORT_JWKS_URL: 'https://idp.example/jwks' }))).rejects.toThrow(
      /identity provider/,
    );
  });
});
