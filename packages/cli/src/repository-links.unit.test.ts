import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The repository documents itself: a clone must not depend on files it does not contain, and the
// links of its READMEs, of docs/ and of code comments must lead to a real file and section.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

// Spelled in pieces so that this file does not match the very search it performs.
const OUTSIDE_REFERENCES = [['shared', 'design'].join('/'), ...['DOMAIN', 'ARCHITECTURE'].map((name) => `${name}.md`)];

/** Tracked text files (git's view, so build output and local data never count). */
function trackedTextFiles(): { path: string; text: string }[] {
  const paths = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0');
  return paths
    .filter((path) => path !== '' && !/(^|\/)(node_modules|dist)\//.test(path) && existsSync(join(ROOT, path)))
    .map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }))
    .filter(({ text }) => !text.includes('\0'));
}

const FILES = trackedTextFiles();
const MARKDOWN = FILES.filter(({ path }) => path.endsWith('.md'));

/** Markdown without fenced code blocks and inline code, where brackets are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a markdown file offers: its headings (numbered when repeated) and explicit ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const [, heading] of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(heading!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const [, id] of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id!);
  return anchors;
}

/** Why a link from `from` (a repository path) to `target` is broken, or null when it leads somewhere real. */
function brokenLink(from: string, target: string): string | null {
  const [pathPart = '', anchor] = target.split('#');
  const resolved = pathPart === '' ? join(ROOT, from) : resolve(ROOT, dirname(from), decodeURI(pathPart));
  const inRepo = relative(ROOT, resolved);
  if (inRepo.startsWith('..') || inRepo.startsWith(sep)) return 'leaves the repository';
  const path = inRepo.split(sep).join('/');
  if (!existsSync(resolved)) return 'no such file';
  if (anchor === undefined || !path.endsWith('.md')) return null;
  return anchorsOf(readFileSync(resolved, 'utf8')).has(anchor) ? null : `no section #${anchor}`;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

describe('the repository links only to itself', () => {
  it('names no design document kept outside the repository', () => {
    const offenders = FILES.flatMap(({ path, text }) =>
      OUTSIDE_REFERENCES.filter((reference) => text.includes(reference)).map((reference) => `${path}: ${reference}`),
    );
    expect(offenders).toEqual([]);
  });

  it('has markdown links that resolve to files and sections of the repository', () => {
    const broken = MARKDOWN.flatMap(({ path, text }) =>
      [...prose(text).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
        .map(([, target]) => target!)
        .filter((target) => !isExternal(target))
        .map((target) => ({ target, problem: brokenLink(path, target) }))
        .filter(({ problem }) => problem !== null)
        .map(({ target, problem }) => `${path}: ${target} (${problem})`),
    );
    expect(broken).toEqual([]);
  });

  it('has code comments whose docs/ links resolve to files and sections', () => {
    const code = FILES.filter(({ path }) => !path.endsWith('.md'));
    const references = code.flatMap(({ path, text }) =>
      [...text.matchAll(/\bdocs\/[\w.-]+\.md(?:#[\w-]+)?/g)].map(([target]) => ({ path, target })),
    );
    const broken = references
      .map(({ path, target }) => ({ path, target, problem: brokenLink('README.md', target) }))
      .filter(({ problem }) => problem !== null)
      .map(({ path, target, problem }) => `${path}: ${target} (${problem})`);
    expect(broken).toEqual([]);
  });

  it('computes anchors the way GitHub does', () => {
    expect([...anchorsOf('# Production and compose.yaml\n## A `code` heading\n## Again\n## Again\n')]).toEqual([
      'production-and-composeyaml',
      'a-code-heading',
      'again',
      'again-1',
    ]);
    expect(anchorsOf("```sh\n# not a heading\n```\n### Escalation and the supervisors' queue\n")).toEqual(
      new Set(['escalation-and-the-supervisors-queue']),
    );
  });
});
