import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESK_PATH, GRAPHQL_PATH, HELP_CENTER_PATH } from '@support-engine/api';
import { deskBuildDir } from '../desk.js';
import { HEALTH_PATH, READY_PATH } from '../services/health.js';
import { DEV_TOKEN_PRINCIPAL, DEV_TOKEN_TTL_SECONDS, type RunningDev } from './dev.js';
import { DEMO_WIDGET_KEY } from './site.js';

/** This command's launcher, so the printed `token` example runs from wherever `dev` was started. */
const LAUNCHER = fileURLToPath(new URL('../../bin/support-engine.mjs', import.meta.url));

/**
 * The addresses and the dev token `dev` prints once everything is up. `dataDir`: the data folder
 * `dev` was given, when not the default, so the printed `token` example finds the same secret.
 */
export function devBanner(dev: RunningDev, secretFile: string, dataDir?: string): string {
  const api = dev.engine.api.url;
  const { temporal, temporalKind, databaseUrl, mailCatcher, webhookReceiver } = dev.servers;
  const lines = [
    '',
    'support-engine is running (Ctrl-C stops everything)',
    '',
    deskBuildDir() === undefined
      ? '  Desk                not built (npm run build builds it; npm start does first)'
      : `  Desk                ${api}${DESK_PATH}   (development sign-in as the demo's people)`,
    `  Help center         ${dev.engine.api.app.hasRoute({ method: 'GET', url: HELP_CENTER_PATH }) ? `${api}${HELP_CENTER_PATH}   (public, no sign-in)` : 'off (SUPPORT_PUBLIC_HELP_CENTER=true, once built)'}`,
    `  GraphQL + GraphiQL  ${api}${GRAPHQL_PATH}`,
    temporal.uiUrl
      ? `  Temporal UI         ${temporal.uiUrl}/namespaces/${temporal.namespace}/workflows   (filter: TicketStatus="waiting_customer")`
      : `  Temporal UI         off (${temporalKind === 'full' ? '--no-ui, or not built' : '--no-ui'})`,
    `  Temporal gRPC       ${temporal.address}   namespace ${temporal.namespace}   ${temporalKind === 'full' ? 'full server on PostgreSQL' : 'dev server'}`,
    `  PostgreSQL          ${databaseUrl}`,
    `  Probes              ${api}${HEALTH_PATH}  ${api}${READY_PATH}`,
    `  Metrics             ${dev.engine.api.opsUrl === null ? 'off (set METRICS_PORT to serve /metrics there)' : `${dev.engine.api.opsUrl}/metrics`}`,
    `  Mail (caught)       ${mailCatcher.url}   SMTP 127.0.0.1:${mailCatcher.smtpPort}`,
    `  Mail in (SMTP)      ${dev.mailIn.host}:${dev.mailIn.port}   to ${dev.mailIn.mailboxes.join(', ') || '(no mailbox: MAIL_IN_MAILBOXES)'}   (answer a caught mail from its page)`,
    `  Webhook receiver    ${webhookReceiver.url}`,
    `  Demo site (widget)  ${dev.site.url}   (Acme shop: the chat widget embedded with key ${DEMO_WIDGET_KEY}, from --demo)`,
    '',
    `Dev token (role ${DEV_TOKEN_PRINCIPAL.role}, sub ${DEV_TOKEN_PRINCIPAL.sub}, valid ${DEV_TOKEN_TTL_SECONDS / 3600} h):`,
    '',
    `  ${dev.token}`,
    '',
    'In GraphiQL, open "Headers" and paste:',
    `  { "Authorization": "Bearer ${dev.token}" }`,
    '',
    'Tokens for other roles (customer, agent, supervisor, admin, auditor, system), signed with the',
    `same dev secret (${secretFile}):`,
    `  node ${relative(process.cwd(), LAUNCHER)} token --role customer --sub cust-alice${dataDir === undefined ? '' : ` --data-dir ${dataDir}`}`,
    '',
  ];
  return lines.join('\n');
}
