import type { OperatorContext } from '../operator';

/** Where and on whose behalf a git call runs; errors name the node. */
export interface GitCall {
  /** The folder git runs in (the workspace root); paths in requests are relative to it. */
  readonly root: string;
  readonly nodeName: string;
  readonly signal: AbortSignal;
}

/** One changed file as `git status --porcelain` describes it (paths relative to the repository root). */
export interface GitStatusEntry {
  path: string;
  /** The original path of a rename or copy. */
  from?: string;
  /** Index (staged) status letter, '' when unchanged; '?' for untracked. */
  index: string;
  /** Working-tree status letter, '' when unchanged. */
  workingTree: string;
}

/** Per-file line counts of a diff; null for binary files. */
export interface GitDiffFile {
  path: string;
  added: number | null;
  removed: number | null;
}

/** One commit, with its full message. */
export interface GitCommitRecord {
  hash: string;
  shortHash: string;
  author: string;
  email: string;
  /** Author date, ISO 8601 in UTC (`utcDate`). */
  date: string;
  message: string;
}

/**
 * What the git operators need from git. The CLI implements it everywhere; inside VS Code the host
 * implements it over the built-in git extension's API, falling back to the CLI where the API
 * cannot answer. Both return the same shapes, so a melody's items do not depend on where it runs.
 */
export interface GitBackend {
  /** Short name for logs ("git CLI", "VS Code git"). */
  readonly name: string;
  status(call: GitCall, options: { untracked: boolean }): Promise<GitStatusEntry[]>;
  /** The unified diff text: working tree vs index, index vs HEAD (`staged`), or against `ref`. */
  diff(call: GitCall, options: { staged: boolean; ref?: string; paths: string[] }): Promise<string>;
  log(call: GitCall, options: { maxCount: number; ref: string; path?: string }): Promise<GitCommitRecord[]>;
  /** Stages as asked, commits, and returns the new HEAD's hash. */
  commit(call: GitCall, options: { message: string; stage: 'none' | 'all' | 'paths'; paths: string[]; allowEmpty: boolean }): Promise<string>;
}

/** The backend an operator uses: the host's (`ctx.services.git`) if it offers one, else the CLI. */
export function gitBackendOf(ctx: OperatorContext, cli: GitBackend): GitBackend {
  const offered = ctx.services.git as GitBackend | undefined;
  return offered && typeof offered.status === 'function' ? offered : cli;
}

/**
 * A commit date as ISO 8601 in UTC with an explicit offset (`2024-03-02T09:00:00+00:00`, the form
 * of git's `%aI` for a UTC author). The git extension's API gives no time zone, so both backends
 * normalise to UTC.
 */
export function utcDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Subject (first paragraph on one line, as `%s` gives it) and body (the rest) of a commit message. */
export function splitMessage(message: string): { subject: string; body: string } {
  const text = message.replace(/\r\n/g, '\n').trim();
  const end = text.search(/\n\s*\n/);
  const first = end < 0 ? text : text.slice(0, end);
  return { subject: first.split('\n').map((l) => l.trim()).join(' '), body: end < 0 ? '' : text.slice(end).trim() };
}

/**
 * Per-file added/removed counts read from unified diff text, so both backends count the same way
 * (the git extension's API gives diff text but no numstat).
 */
export function diffFiles(diff: string): GitDiffFile[] {
  const files: GitDiffFile[] = [];
  let current: GitDiffFile | undefined;
  let oldPath = '';
  let inHunk = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = { path: headerPath(line), added: 0, removed: 0 };
      files.push(current);
      inHunk = false;
      continue;
    }
    if (!current) continue;
    if (!inHunk) {
      if (line.startsWith('--- ')) oldPath = stripPrefix(line.slice(4));
      else if (line.startsWith('+++ ')) {
        const p = stripPrefix(line.slice(4));
        current.path = p === '/dev/null' ? oldPath : p;
      } else if (line.startsWith('rename to ')) current.path = unquote(line.slice('rename to '.length));
      else if (line.startsWith('Binary files ') || line.startsWith('GIT binary patch')) {
        current.added = null;
        current.removed = null;
      } else if (line.startsWith('@@')) inHunk = true;
      continue;
    }
    if (line.startsWith('+')) current.added = (current.added ?? 0) + 1;
    else if (line.startsWith('-')) current.removed = (current.removed ?? 0) + 1;
  }
  return files;
}

/** `diff --git a/x b/y` → y (quoted names unquoted). */
function headerPath(line: string): string {
  const rest = line.slice('diff --git '.length);
  const quoted = /"b\/((?:[^"\\]|\\.)*)"$/.exec(rest);
  if (quoted) return unquote(`"${quoted[1]}"`);
  const at = rest.lastIndexOf(' b/');
  return at >= 0 ? rest.slice(at + 3) : rest;
}

function stripPrefix(p: string): string {
  const name = unquote(p.replace(/\t.*$/, ''));
  return name === '/dev/null' ? name : name.replace(/^[ab]\//, '');
}

/** Git quotes unusual file names C-style ("a\303\251.txt"); octal escapes are UTF-8 bytes. */
function unquote(p: string): string {
  if (!p.startsWith('"') || !p.endsWith('"')) return p;
  const bytes: number[] = [];
  const body = p.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
