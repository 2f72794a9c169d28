import { readFileSync } from 'node:fs';
import { mailAddressKey } from '@support-engine/domain/inbound-mail';
import { z } from 'zod';

/** How an account's connection is protected. */
export type ImapTls = 'implicit' | 'starttls' | 'none';

/** One mailbox the IMAP ingress reads (see {@link loadImapConfig} for the variables). */
export interface ImapAccount {
  /** The name the account is configured under (lower case), in logs. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /**
   * `implicit`: TLS from the first byte (port 993); `starttls`: the upgrade is required, a server
   * not offering it is refused; `none`: clear text, for a server on this machine only.
   */
  readonly tls: ImapTls;
  /** Certificates (PEM) trusted besides the system's, for a server whose certificate a private CA signed. */
  readonly ca?: Buffer;
  readonly user: string;
  readonly password: string;
  /** The folder mail is taken from. */
  readonly mailbox: string;
  /** Where each message is moved once recorded (created when missing). */
  readonly processedFolder: string;
  /** The engine's mailbox address this account's mail counts as sent to (its key). */
  readonly address: string;
}

/** The IMAP ingress's settings: no accounts, no IMAP. */
export interface ImapConfig {
  readonly accounts: readonly ImapAccount[];
}

/** The environment does not describe valid IMAP accounts; `problems` name the variables. */
export class ImapConfigError extends Error {
  override readonly name = 'ImapConfigError';
  /** Stable code of every IMAP configuration refusal. */
  readonly code = 'IMAP_CONFIG_INVALID';

  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Invalid IMAP configuration:\n${problems.map((p) => `✖ ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

const ACCOUNT_NAME = /^[a-z0-9_]{1,32}$/;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const Port = z
  .string()
  .regex(/^\d+$/, 'expected a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1, 'expected at least 1').max(65_535, 'expected at most 65535'));

/** An address as mail systems write it: a local part, one @, a domain with a dot or `localhost`. */
const Address = z
  .string()
  .trim()
  .regex(/^[^\s@<>(),;:"]+@([a-z0-9-]+\.)*[a-z0-9-]+$/i, 'expected an address such as support@example.com')
  .transform(mailAddressKey);

/** A folder name: no control characters (they would end the IMAP command). */
const Folder = z
  .string()
  .min(1)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'expected a folder name without control characters');

/** The variables of one account, by their suffix after `MAIL_IN_IMAP_<NAME>_`. */
const AccountEnv = z
  .object({
    HOST: z.string().trim().min(1, 'is required'),
    PORT: Port.optional(),
    TLS: z.enum(['implicit', 'starttls', 'none']).default('implicit'),
    CA_FILE: z.string().min(1).optional(),
    USER: z.string().min(1, 'is required'),
    PASSWORD: z.string().min(1).optional(),
    PASSWORD_FILE: z.string().min(1).optional(),
    MAILBOX: Folder.default('INBOX'),
    PROCESSED_FOLDER: Folder.default('Processed'),
    ADDRESS: Address,
  })
  .superRefine((account, context) => {
    if ((account.PASSWORD === undefined) === (account.PASSWORD_FILE === undefined))
      context.addIssue({ code: 'custom', path: ['PASSWORD'], message: 'set PASSWORD or PASSWORD_FILE (one of them)' });
    if (account.TLS === 'none' && !LOOPBACK.has(account.HOST))
      context.addIssue({
        code: 'custom',
        path: ['TLS'],
        message: 'none (a password in clear text) only for a server on this machine; use implicit or starttls',
      });
    if (account.TLS === 'none' && account.CA_FILE !== undefined)
      context.addIssue({ code: 'custom', path: ['CA_FILE'], message: 'has no use without TLS' });
    if (account.MAILBOX === account.PROCESSED_FOLDER)
      context.addIssue({ code: 'custom', path: ['PROCESSED_FOLDER'], message: 'must differ from the MAILBOX read' });
  });

/**
 * Reads the IMAP accounts from the environment. `MAIL_IN_IMAP_ACCOUNTS` lists their names
 * (comma-separated; letters, digits, `_`); for each name, upper-cased, `MAIL_IN_IMAP_<NAME>_HOST`,
 * `_PORT` (993 with implicit TLS, else 143), `_TLS` (`implicit` (default), `starttls` or `none`,
 * the last for 127.0.0.1/localhost only), `_CA_FILE` (PEM certificates to trust besides the
 * system's, for a server with a private CA), `_USER`, `_PASSWORD` or `_PASSWORD_FILE` (a file holding
 * it, trailing newline dropped), `_MAILBOX` (`INBOX`), `_PROCESSED_FOLDER` (`Processed`) and
 * `_ADDRESS` (the engine's mailbox the account's mail counts as sent to). A variable set to nothing
 * counts as unset. Throws an {@link ImapConfigError} naming each offending variable.
 */
export function loadImapConfig(env: NodeJS.ProcessEnv = process.env): ImapConfig {
  const set = (name: string) => (env[name] === '' ? undefined : env[name]);
  const names = (set('MAIL_IN_IMAP_ACCOUNTS') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const problems: { variable: string; message: string }[] = [];
  const accounts: ImapAccount[] = [];
  for (const name of names) {
    if (!ACCOUNT_NAME.test(name)) {
      problems.push({ variable: 'MAIL_IN_IMAP_ACCOUNTS', message: `${JSON.stringify(name)} is not an account name` });
      continue;
    }
    if (accounts.some((account) => account.name === name)) {
      problems.push({ variable: 'MAIL_IN_IMAP_ACCOUNTS', message: `${name} is listed twice` });
      continue;
    }
    const prefix = `MAIL_IN_IMAP_${name.toUpperCase()}_`;
    const parsed = AccountEnv.safeParse(
      Object.fromEntries(Object.keys(AccountEnv.shape).map((suffix) => [suffix, set(prefix + suffix)])),
    );
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ variable: `${prefix}${String(issue.path[0] ?? '')}`, message: issue.message });
      continue;
    }
    const account = parsed.data;
    const fromFile = (suffix: 'PASSWORD_FILE' | 'CA_FILE', file: string | undefined) => {
      if (file === undefined) return undefined;
      try {
        const content = readFileSync(file);
        if (content.length > 0) return content;
        problems.push({ variable: prefix + suffix, message: 'is empty' });
      } catch (error) {
        problems.push({ variable: prefix + suffix, message: `cannot be read: ${(error as Error).message}` });
      }
      return null;
    };
    const passwordFile = fromFile('PASSWORD_FILE', account.PASSWORD_FILE);
    const ca = fromFile('CA_FILE', account.CA_FILE);
    if (passwordFile === null || ca === null) continue;
    const password = passwordFile?.toString('utf8').replace(/\r?\n$/, '') ?? account.PASSWORD ?? '';
    accounts.push({
      name,
      host: account.HOST,
      port: account.PORT ?? (account.TLS === 'implicit' ? 993 : 143),
      tls: account.TLS,
      ...(ca === undefined ? {} : { ca }),
      user: account.USER,
      password,
      mailbox: account.MAILBOX,
      processedFolder: account.PROCESSED_FOLDER,
      address: account.ADDRESS,
    });
  }
  if (problems.length > 0) throw new ImapConfigError(problems);
  return { accounts };
}
