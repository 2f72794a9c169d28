import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Builds the desk once for the end-to-end run, before any file starts: the engine in each browser
 * test serves what packages/desk builds from this source, and two files building it at once would
 * write over each other's output.
 */
export default function setup() {
  execFileSync('npm', ['run', 'build', '--silent', '--workspace', '@support-engine/desk'], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    stdio: 'pipe',
  });
}
