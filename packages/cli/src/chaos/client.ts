import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { mintToken } from '@support-engine/api';
import type { Role } from '@support-engine/domain';
import type { AcknowledgedCommand } from './check/records.js';
import type { UploadOutcome } from './disk-fault.js';

/** Error codes of a refusal that says nothing ran and the same command may succeed later. */
const TRANSIENT = new Set([
  'INTERNAL',
  'SERVICE_UNAVAILABLE',
  'CONCURRENCY_CONFLICT',
  'CONSISTENCY_TIMEOUT',
  'RATE_LIMITED',
]);

/** What a command came to: acknowledged with its result id, refused with a code, or never answered. */
export type CommandOutcome = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly code: string };

/** Counts of what the clients met, for the report. */
export interface ClientCounters {
  acknowledged: number;
  refused: number;
  /** Sent again with the same command id after no answer, a 5xx or a transient refusal. */
  resent: number;
  /** Given up on after every resend failed. */
  unanswered: number;
  /** Files stored, and uploads refused by code (or HTTP status when the answer had none). */
  uploaded: number;
  uploadRefusals: Record<string, number>;
}

/**
 * A person using the API through the proxy: every command gets a fresh command id and is resent
 * with that same id (so it runs at most once) until answered; each acknowledged command is
 * appended, synchronously, to `<dir>/<role>-<subject>.jsonl` before the client goes on.
 */
export class ChaosClient {
  #token: Promise<string>;

  constructor(
    readonly role: Role,
    readonly subject: string,
    private readonly apiUrl: string,
    secret: string,
    private readonly dir: string,
    private readonly counters: ClientCounters,
  ) {
    this.#token = mintToken({ sub: subject, role }, secret, 24 * 3600);
  }

  /** Runs mutation `name` with `input`; resends on no answer for up to `patienceMs`. */
  async command(
    name: string,
    input: Record<string, unknown>,
    /** The result's fields, which must select its `id` (or `endpoint { id }`). */
    selection = '{ id }',
    patienceMs = 120_000,
  ): Promise<CommandOutcome> {
    const commandId = randomUUID();
    const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
    const body = JSON.stringify({
      query: `mutation($input: ${inputType}!, $commandId: ID) { result: ${name}(input: $input, commandId: $commandId) ${selection} }`,
      variables: { input, commandId },
    });
    const token = await this.#token;
    const since = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        this.counters.resent++;
        await sleep(Math.min(2_000, 250 * attempt));
      }
      const answer = await fetch(new URL('/graphql', this.apiUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
        signal: AbortSignal.timeout(10_000),
      })
        .then(async (response) => ({
          status: response.status,
          json: (await response.json().catch(() => null)) as Answer | null,
        }))
        .catch(() => null);
      const result = answer?.json?.data?.result;
      if (result) {
        const id = result.id ?? result.endpoint?.id ?? '';
        this.#record({ commandKey: `${this.role}:${this.subject}:${commandId}`, mutation: name, resultId: id });
        this.counters.acknowledged++;
        return { ok: true, id };
      }
      const code = answer?.json?.errors?.[0]?.extensions?.code;
      if (code !== undefined && !TRANSIENT.has(code)) {
        this.counters.refused++;
        return { ok: false, code };
      }
      if (Date.now() - since > patienceMs) {
        this.counters.unanswered++;
        return { ok: false, code: code ?? `HTTP ${answer?.status ?? 'no answer'}` };
      }
    }
  }

  /**
   * Uploads `bytes` as `fileName` in one request (`POST /attachments`), once: an upload is not a
   * command of the log, and one refused or unanswered is simply not named by a message.
   */
  async upload(fileName: string, bytes: Buffer): Promise<UploadOutcome & { readonly id: string | null }> {
    const answer = await fetch(new URL(`/attachments?fileName=${encodeURIComponent(fileName)}`, this.apiUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${await this.#token}` },
      body: new Uint8Array(bytes),
      signal: AbortSignal.timeout(10_000),
    })
      .then(async (response) => ({
        status: response.status,
        json: (await response.json().catch(() => null)) as (Answer & { id?: string }) | null,
      }))
      .catch((error: unknown) => ({ status: null, json: null, error: errorChain(error) }));
    if (answer.status === 201 && answer.json?.id) {
      this.counters.uploaded++;
      return { status: 201, code: null, id: answer.json.id };
    }
    const code = answer.json?.errors?.[0]?.extensions?.code ?? null;
    const key = code ?? `HTTP ${answer.status ?? 'no answer'}`;
    this.counters.uploadRefusals[key] = (this.counters.uploadRefusals[key] ?? 0) + 1;
    return { status: answer.status, code, id: null, ...('error' in answer ? { error: answer.error } : {}) };
  }

  #record(command: Omit<AcknowledgedCommand, 'client' | 'at'>): void {
    const client = `${this.role}-${this.subject}`;
    const line: AcknowledgedCommand = { client, ...command, at: new Date().toISOString() };
    appendFileSync(join(this.dir, `${client}.jsonl`), `${JSON.stringify(line)}\n`);
  }
}

interface Answer {
  readonly data?: {
    readonly result?: { readonly id?: string; readonly endpoint?: { readonly id: string } } | null;
  } | null;
  readonly errors?: readonly { readonly extensions?: { readonly code?: string } }[];
}

/** An error and its causes, one message each (fetch's own says only "fetch failed"). */
function errorChain(error: unknown): string {
  const messages: string[] = [];
  for (let at = error, depth = 0; at instanceof Error && depth < 4; at = at.cause, depth++)
    messages.push(`${at.name}: ${at.message}`);
  return messages.join(' <- ') || String(error);
}
