import { defineOperator } from '../operator-registry';
import { OperatorError, type Item, type JsonValue, type OperatorContext } from '../operator';
import { diffFiles, gitBackendOf, splitMessage, type GitCall } from './git-backend';
import { cliGitBackend } from './git-cli';

const STATUS_NAMES: Record<string, string> = { M: 'modified', A: 'added', D: 'deleted', R: 'renamed', C: 'copied', U: 'conflicted', '?': 'untracked', '!': 'ignored', T: 'type-changed' };

/** git.status: one item per changed file. */
export const gitStatus = defineOperator(
  {
    id: 'git.status',
    displayName: 'Git Status',
    description: 'Lists changed, staged and untracked files.',
    category: 'Git',
    icon: 'git-compare',
    params: [{ name: 'untracked', displayName: 'Include untracked', type: 'boolean', default: true }],
    permissions: ['process.spawn'],
    docs: 'Outputs `{ path, index, workingTree, staged, status }` per file, changes first and then untracked files, each in path order; nothing when the tree is clean. In VS Code the git operators go through the built-in git extension when it has the repository open, else the git CLI; the items are the same either way.',
  },
  async (ctx, _inputs, signal) => {
    const entries = await gitBackendOf(ctx, cliGitBackend).status(callOf(ctx, signal), { untracked: ctx.param<boolean>('untracked', 0, true) !== false });
    // git status's order (changes, then untracked files, each by path) for both backends, so
    // items do not depend on where the melody runs.
    const rank = (e: { index: string }) => (e.index === '?' ? 1 : 0);
    entries.sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const out: Item[] = entries.map(({ path, from, index, workingTree }) => {
      const code = index && index !== '?' ? index : workingTree || index;
      return { json: { path, ...(from ? { from } : {}), index, workingTree, staged: index !== '' && index !== '?', status: STATUS_NAMES[code] ?? code } };
    });
    return [out];
  },
);

/** git.diff: the diff of the working tree, the index, or against a ref. */
export const gitDiff = defineOperator(
  {
    id: 'git.diff',
    displayName: 'Git Diff',
    description: 'The unified diff of unstaged or staged changes, or against a ref.',
    category: 'Git',
    icon: 'diff',
    params: [
      { name: 'staged', displayName: 'Staged changes', type: 'boolean', default: false },
      { name: 'ref', displayName: 'Compare with ref', type: 'string', default: '', placeholder: 'HEAD~1' },
      { name: 'paths', displayName: 'Paths', type: 'json', default: [], description: 'Limit to these paths.' },
    ],
    permissions: ['process.spawn'],
    docs: 'Outputs one item `{ diff, files: [{ path, added, removed }] }`.',
  },
  async (ctx, _inputs, signal) => {
    const ref = ctx.param<string>('ref', 0, '');
    if (ref && ref.startsWith('-')) throw new OperatorError('InvalidParameter', `${ctx.nodeName}: ref "${ref}" must not start with "-"`);
    const paths = ctx.param<string[]>('paths', 0, []);
    const diff = await gitBackendOf(ctx, cliGitBackend).diff(callOf(ctx, signal), { staged: ctx.param<boolean>('staged', 0, false) === true, ref: ref || undefined, paths: Array.isArray(paths) ? paths.map(String) : [] });
    return [[{ json: { diff, files: diffFiles(diff) as unknown as JsonValue } }]];
  },
);

/** git.log: one item per commit, newest first. */
export const gitLog = defineOperator(
  {
    id: 'git.log',
    displayName: 'Git Log',
    description: 'Recent commits with author, date and subject.',
    category: 'Git',
    icon: 'git-commit',
    params: [
      { name: 'maxCount', displayName: 'Max commits', type: 'number', default: 20, min: 1 },
      { name: 'ref', displayName: 'Ref', type: 'string', default: 'HEAD' },
      { name: 'path', displayName: 'Only commits touching', type: 'path', default: '' },
    ],
    permissions: ['process.spawn'],
    docs: 'Outputs `{ hash, shortHash, author, email, date, subject, body }` per commit; `date` is the author date in UTC (ISO 8601).',
  },
  async (ctx, _inputs, signal) => {
    const ref = ctx.param<string>('ref', 0, 'HEAD') || 'HEAD';
    if (ref.startsWith('-')) throw new OperatorError('InvalidParameter', `${ctx.nodeName}: ref "${ref}" must not start with "-"`);
    const path = ctx.param<string>('path', 0, '');
    const maxCount = Math.max(1, Math.floor(Number(ctx.param('maxCount', 0, 20))) || 20);
    const commits = await gitBackendOf(ctx, cliGitBackend).log(callOf(ctx, signal), { maxCount, ref, path: path || undefined });
    const out: Item[] = commits.map(({ message, ...c }) => ({ json: { ...c, ...splitMessage(message) } }));
    return [out];
  },
);

/** git.commit: stages (all, or given paths) and commits. */
export const gitCommit = defineOperator(
  {
    id: 'git.commit',
    displayName: 'Git Commit',
    description: 'Creates a commit from staged changes, optionally staging first.',
    category: 'Git',
    icon: 'check',
    params: [
      { name: 'message', displayName: 'Message', type: 'string', required: true },
      { name: 'stage', displayName: 'Stage', type: 'options', default: 'none', options: [{ value: 'none', label: 'Only what is staged' }, { value: 'all', label: 'All changes' }, { value: 'paths', label: 'The listed paths' }] },
      { name: 'paths', displayName: 'Paths', type: 'json', default: [], showWhen: { stage: ['paths'] } },
      { name: 'allowEmpty', displayName: 'Allow empty commit', type: 'boolean', default: false },
    ],
    permissions: ['process.spawn'],
    docs: 'Outputs `{ hash, message }` of the new commit.',
  },
  async (ctx, _inputs, signal) => {
    const message = ctx.param<string>('message', 0);
    if (!message || !String(message).trim()) throw new OperatorError('InvalidParameter', `${ctx.nodeName}: a commit needs a message`);
    const stage = ctx.param<string>('stage', 0, 'none');
    if (stage !== 'none' && stage !== 'all' && stage !== 'paths') throw new OperatorError('InvalidParameter', `${ctx.nodeName}: "stage" is "${stage}"; use "none", "all" or "paths"`);
    const paths = ctx.param<string[]>('paths', 0, []);
    const hash = await gitBackendOf(ctx, cliGitBackend).commit(callOf(ctx, signal), {
      message: String(message),
      stage,
      paths: Array.isArray(paths) ? paths.map(String) : [],
      allowEmpty: ctx.param<boolean>('allowEmpty', 0, false) === true,
    });
    return [[{ json: { hash, message: String(message) } }]];
  },
);

function callOf(ctx: OperatorContext, signal: AbortSignal): GitCall {
  return { root: ctx.workspaceRoot, nodeName: ctx.nodeName, signal };
}
