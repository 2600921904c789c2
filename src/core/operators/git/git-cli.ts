import { OperatorError } from '../operator';
import { runProcess } from '../run-process';
import { utcDate, type GitBackend, type GitCall, type GitCommitRecord, type GitStatusEntry } from './git-backend';

/** Runs `git` in the call's folder and returns stdout, turning failures into errors a user can act on. */
export async function git(call: GitCall, args: string[], input?: string): Promise<string> {
  let result;
  try {
    result = await runProcess('git', args, { cwd: call.root, signal: call.signal, input, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new OperatorError('GitNotFound', `${call.nodeName}: git is not installed or not on PATH; install git to use the git operators`);
    throw e;
  }
  if (result.exitCode !== 0) {
    const message = result.stderr.trim() || result.stdout.trim();
    if (/not a git repository/i.test(message)) throw new OperatorError('NotARepository', `${call.nodeName}: ${call.root} is not a git repository; run "git init" or open the repository's folder`);
    if (args[0] === 'commit' && /nothing (added )?to commit/.test(message)) throw nothingToCommit(call);
    throw new OperatorError('GitFailed', `${call.nodeName}: git ${args[0]} failed (exit ${result.exitCode}): ${message}`);
  }
  return result.stdout;
}

/** The error both backends raise when a commit has nothing in it. */
export function nothingToCommit(call: GitCall): OperatorError {
  return new OperatorError('NothingToCommit', `${call.nodeName}: nothing to commit — stage changes first (set "stage" to "all") or allow an empty commit`);
}

/** The git operators over the `git` command line: the CLI's backend, and the editor's fallback. */
export const cliGitBackend: GitBackend = {
  name: 'git CLI',

  async status(call, { untracked }) {
    const text = await git(call, ['status', '--porcelain=v1', '-z', untracked ? '-uall' : '-uno']);
    const parts = text.split('\0').filter(Boolean);
    const out: GitStatusEntry[] = [];
    for (let i = 0; i < parts.length; i++) {
      const entry = parts[i]!;
      const index = entry[0]!;
      // Renames carry the original path as the next NUL-separated field.
      const from = index === 'R' || index === 'C' ? parts[++i] : undefined;
      out.push({ path: entry.slice(3), ...(from ? { from } : {}), index: index.trim(), workingTree: entry[1]!.trim() });
    }
    return out;
  },

  async diff(call, { staged, ref, paths }) {
    const args = ['diff', '--no-color', '--no-ext-diff'];
    if (staged) args.push('--cached');
    if (ref) args.push(ref);
    if (paths.length) args.push('--', ...paths);
    return git(call, args);
  },

  async log(call, { maxCount, ref, path }) {
    const format = ['%H', '%h', '%an', '%ae', '%at', '%B'].join('%x1f') + '%x1e';
    const text = await git(call, ['log', `--max-count=${maxCount}`, `--format=${format}`, ref, ...(path ? ['--', path] : [])]);
    return text
      .split('\x1e')
      .map((r) => r.replace(/^\n/, ''))
      .filter((r) => r.trim())
      .map((record): GitCommitRecord => {
        const [hash, shortHash, author, email, seconds, message] = record.split('\x1f');
        return { hash: hash!, shortHash: shortHash!, author: author!, email: email!, date: utcDate(new Date(Number(seconds) * 1000)), message: message ?? '' };
      });
  },

  async commit(call, { message, stage, paths, allowEmpty }) {
    if (stage === 'all') await git(call, ['add', '--all']);
    if (stage === 'paths' && paths.length) await git(call, ['add', '--', ...paths]);
    await git(call, ['commit', '-F', '-', ...(allowEmpty ? ['--allow-empty'] : [])], message);
    return (await git(call, ['rev-parse', 'HEAD'])).trim();
  },
};
