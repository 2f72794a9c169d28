import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Builds the front ends (the desk, the widget, the help center) once for the end-to-end run, before
 * any file starts: the engine in each browser test serves what they build from this source, and two
 * files building them at once would write over each other's output.
 */
export default function setup() {
  for (const workspace of ['@support-engine/desk', '@support-engine/widget', '@support-engine/help-center'])
    execFileSync('npm', ['run', 'build', '--silent', '--workspace', workspace], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      stdio: 'pipe',
    });
}
