// The watchdog of a process that starts servers (see watchdog.ts). Its stdin is a pipe from that
// process, which writes one line per server it starts: "<pid> <start time> <signal>". The pipe
// closes when that process dies, however it dies (SIGKILL included); the watchdog then stops every
// server still running, as the process itself would have: the signal, then SIGKILL of the server's
// process group after 10 s. Plain JavaScript so it starts with plain `node`, sources or build alike.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const GRACE_MS = 10_000;
const servers = [];
let pending = '';

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const [pid, startTime, signal] = line.split(' ');
    if (pid && startTime && signal) servers.push({ pid: Number(pid), startTime, signal });
  }
});
process.stdin.on('end', async () => {
  await Promise.all(servers.map(stop));
  process.exit(0);
});

async function stop(server) {
  if (!running(server)) return;
  kill(server.pid, server.signal);
  for (const deadline = Date.now() + GRACE_MS; Date.now() < deadline; await sleep(100)) if (!running(server)) return;
  kill(-server.pid, 'SIGKILL');
}

// The same process, not a later one with its pid: field 22 of /proc/<pid>/stat is its start time.
function running({ pid, startTime }) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] !== 'Z' && fields[19] === startTime;
  } catch {
    return false;
  }
}

function kill(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}
