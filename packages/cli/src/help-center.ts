import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FORWARDED_HEADERS, type HelpCenterHandler } from '@support-engine/api';

/**
 * The public help center's built folder (adapter-node's output, with `handler.js`), found as the
 * desk's is (desk.ts): packages/help-center's `build` in this workspace (`npm start` builds it
 * first), else the copy the CLI's package carries (`help-center/`, made by its `prepack`).
 */
export function helpCenterBuildDir(): string | undefined {
  return [workspaceBuild(), fileURLToPath(new URL('../help-center/', import.meta.url))].find(
    (dir) => dir !== undefined && existsSync(join(dir, 'handler.js')),
  );
}

/**
 * The help center's request handler, which the API mounts under `/help`; `undefined` when it is
 * not built (the API then says so and serves no /help).
 */
export async function loadHelpCenterHandler(): Promise<HelpCenterHandler | undefined> {
  const dir = helpCenterBuildDir();
  if (dir === undefined) return undefined;
  // adapter-node reads at import where a request came from (its pages' own address, which form
  // posts are checked against) in these headers: the API's mount sets them from what it trusts,
  // replacing any a client sent.
  process.env.SUPPORT_HELP_CENTER_NODE_PROTOCOL_HEADER = FORWARDED_HEADERS.protocol;
  process.env.SUPPORT_HELP_CENTER_NODE_HOST_HEADER = FORWARDED_HEADERS.host;
  const built = (await import(pathToFileURL(join(dir, 'handler.js')).href)) as { handler: HelpCenterHandler };
  return built.handler;
}

/** packages/help-center's `build` folder, when the help center is installed beside the CLI (the workspace). */
function workspaceBuild(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@support-engine/help-center/package.json')), 'build');
  } catch {
    return undefined;
  }
}
