/**
 * The repository must stand alone: what the code relies on is written in its own docs/
 * (architecture.md, domain.md, facts.md, benefits.md), never in notes kept outside it. This finds
 * references to such outside documents in the tracked files: the team's design and stack notes,
 * their domain folder and source documents, and a bare `facts.md` / `benefits.md` that does not
 * resolve to the copy under docs/.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** This checker and its spec spell the forbidden references out; they are not scanned. */
export const SELF_DIR = 'scripts/docs-check/';

/** The documents under docs/ that replaced the outside ones of the same name. */
const DOCS_OWN = new Set(['docs/facts.md', 'docs/benefits.md']);

export interface OutsidePattern {
  readonly name: string;
  readonly regex: RegExp;
}

/** Each is matched line by line; all are global so that every occurrence is reported. */
export const OUTSIDE_PATTERNS: readonly OutsidePattern[] = [
  { name: 'design document', regex: /\bDESIGN(?:\.md\b|\s*§)/g },
  { name: 'stack notes', regex: /\bSTACK\.md\b/g },
  { name: 'domain notes folder', regex: /\bdomain\/(?:README|facts|benefits)\.md\b/g },
  { name: 'source documents folder', regex: /(?<![\w-])seeds\//g },
  { name: 'shared notes folder', regex: /\/work\/shared\b|\.\.\/shared\/(?:DESIGN|STACK|README|domain|seeds)/g },
  { name: 'notes kept outside', regex: /\b(?:design|domain|stack) notes\b|\bshared with the team\b/gi },
];

export interface OutsideReference {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly kind: string;
  readonly match: string;
}

/**
 * A path token ending in facts.md or benefits.md is fine when it names the copy under docs/: either
 * spelled from the repository root (`docs/facts.md`, also inside a longer relative path) or
 * relative to the file that mentions it (`facts.md` in docs/, `../facts.md` in docs/decisions/).
 */
function isOwnDoc(file: string, token: string): boolean {
  if (/(?:^|\/)docs\/(?:facts|benefits)\.md$/.test(token)) return true;
  return DOCS_OWN.has(posix.normalize(posix.join(posix.dirname(file), token)));
}

const DOC_TOKEN = /[\w./-]*\b(?:facts|benefits)\.md\b/g;

/** Every reference to an outside document in one file's text. */
export function findOutsideReferences(file: string, content: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  content.split(/\r?\n/).forEach((text, index) => {
    for (const { name, regex } of OUTSIDE_PATTERNS) {
      for (const m of text.matchAll(regex)) found.push({ file, line: index + 1, kind: name, match: m[0] });
    }
    const onThisLine = found.filter((r) => r.line === index + 1).map((r) => r.match);
    for (const m of text.matchAll(DOC_TOKEN)) {
      // `domain/facts.md` is already reported as the domain notes folder: once is enough.
      if (isOwnDoc(file, m[0]) || onThisLine.some((match) => m[0].includes(match))) continue;
      found.push({ file, line: index + 1, kind: 'facts or benefits outside docs/', match: m[0] });
    }
  });
  return found;
}

export interface FileEntry {
  /** Repository-relative, forward slashes. */
  readonly path: string;
  readonly content: string;
}

/** Whether a path is scanned at all: not dependencies, not build output, not this checker. */
export function isScanned(path: string): boolean {
  if (path.startsWith(SELF_DIR)) return false;
  return !path.split('/').some((part) => part === 'node_modules' || part === 'dist');
}

export function checkFiles(files: Iterable<FileEntry>): OutsideReference[] {
  const found: OutsideReference[] = [];
  for (const { path, content } of files) {
    // Binary files (images, fonts) cannot hold a reference a reader would follow.
    if (!isScanned(path) || content.includes('\u0000')) continue;
    found.push(...findOutsideReferences(path, content));
  }
  return found;
}

/** The tracked files (`git ls-files`), read from the working tree; a file deleted there is skipped. */
export function trackedFiles(root: string = ROOT): FileEntry[] {
  const listed = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const entries: FileEntry[] = [];
  for (const path of listed.split('\u0000')) {
    if (path === '' || !isScanned(path)) continue;
    try {
      entries.push({ path, content: readFileSync(join(root, path), 'utf8') });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return entries;
}

export function formatReferences(found: readonly OutsideReference[]): string {
  return found.map((r) => `${r.file}:${r.line}: ${r.kind}: "${r.match}"`).join('\n');
}
