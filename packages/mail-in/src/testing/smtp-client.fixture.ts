/** Test support (not a test file): an SMTP client that speaks line by line, for what nodemailer never sends. */
import { connect, type Socket } from 'node:net';

/** One SMTP conversation over a plain socket. */
export interface RawSmtp {
  /** Sends `line` (CRLF added) and resolves with the server's complete reply (`250 ...`, multi-line joined). */
  command(line: string): Promise<string>;
  /** Writes bytes as they are, waiting for no reply (the middle of DATA). */
  write(bytes: Buffer | string): void;
  /** Resolves with the next complete reply (after the final `.` of DATA). */
  reply(): Promise<string>;
  /** Resolves once the server closed the connection (or at once if it is closed). */
  closed: Promise<void>;
  end(): void;
}

/** Connects to `port` on 127.0.0.1 and reads the greeting. */
export async function rawSmtp(port: number): Promise<RawSmtp> {
  const socket: Socket = connect(port, '127.0.0.1');
  let buffered = '';
  const waiting: Array<(reply: string) => void> = [];
  // Replies nobody waits for yet (the greeting arrives before anyone asks for it).
  const unclaimed: string[] = [];
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  socket.setEncoding('latin1').on('data', (chunk: string) => {
    buffered += chunk;
    // A reply is complete at a line whose code is followed by a space (the last of a multi-line one).
    for (
      let match = /(^|\r\n)\d{3} [^\r\n]*\r\n/.exec(buffered);
      match;
      match = /(^|\r\n)\d{3} [^\r\n]*\r\n/.exec(buffered)
    ) {
      const end = match.index + match[0].length;
      const reply = buffered.slice(0, end).trim();
      buffered = buffered.slice(end);
      const waiter = waiting.shift();
      if (waiter) waiter(reply);
      else unclaimed.push(reply);
    }
  });
  const reply = () =>
    new Promise<string>((resolve, reject) => {
      const ready = unclaimed.shift();
      if (ready !== undefined) return resolve(ready);
      waiting.push(resolve);
      closed.then(() => reject(new Error('connection closed before a reply')));
    });
  await reply();
  return {
    command(line) {
      const answer = reply();
      socket.write(`${line}\r\n`);
      return answer;
    },
    write: (bytes) => socket.write(bytes),
    reply,
    closed,
    end: () => socket.end(),
  };
}
