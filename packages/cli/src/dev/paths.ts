import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's git-ignored `.data/` folder (the same from `src/` and `dist/`). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../../.data/', import.meta.url));

/** Where the dev command keeps what must survive a restart. */
export interface DevPaths {
  readonly root: string;
  /** The embedded PostgreSQL cluster. */
  readonly postgres: string;
  /** The Temporal dev server's SQLite file (workflows, history, search attributes). */
  readonly temporalDb: string;
  /** Attachment bytes (unless `ATTACHMENT_STORE` / `ATTACHMENT_DIR` say otherwise). */
  readonly attachments: string;
  /** The HS256 secret dev tokens are signed with, so tokens outlive a restart. */
  readonly jwtSecret: string;
  /** The Ed25519 key the dev sealer signs with (a deployment keeps its own off the database host). */
  readonly sealKey: string;
  /** The key dev webhook signing secrets derive from (hex). */
  readonly webhookKey: string;
  /** The dev VAPID key pair push messages are signed with (JSON). */
  readonly vapidKeys: string;
  /** The key dev mail threads are signed with: reply tokens and ticket Message-IDs (hex). */
  readonly mailThreadKey: string;
  /** The chat widget's deployment secret (SUPPORT_WIDGET_SECRET): visitor sessions and identity secrets outlive restarts. */
  readonly widgetSecret: string;
  /** The customers' sign-in secret (SUPPORT_SIGN_IN_SECRET): help-center sessions and links outlive restarts. */
  readonly signInSecret: string;
  /** The append-only seal file of the dev log. */
  readonly seals: string;
  /** Pid, start time and command of the dev run using the folder, so a second run leaves it alone. */
  readonly owner: string;
  /** Pid, start time and command of the running PostgreSQL, so a later start can find an orphan. */
  readonly postgresPid: string;
  /** The same for the Temporal dev server. */
  readonly temporalPid: string;
}

/** The dev data layout under `root`. */
export function devPaths(root: string = DEFAULT_DATA_DIR): DevPaths {
  return {
    root,
    postgres: join(root, 'postgres'),
    temporalDb: join(root, 'temporal.db'),
    attachments: join(root, 'attachments'),
    jwtSecret: join(root, 'dev-jwt-secret'),
    sealKey: join(root, 'dev-seal-key.pem'),
    seals: join(root, 'seals.jsonl'),
    webhookKey: join(root, 'dev-webhook-key'),
    vapidKeys: join(root, 'dev-vapid.json'),
    mailThreadKey: join(root, 'dev-mail-thread-key'),
    widgetSecret: join(root, 'dev-widget-secret'),
    signInSecret: join(root, 'dev-sign-in-secret'),
    owner: join(root, 'dev.pid'),
    postgresPid: join(root, 'postgres.pid'),
    temporalPid: join(root, 'temporal.pid'),
  };
}
