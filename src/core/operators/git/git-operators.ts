import { defineOperator } from '../operator-registry';
import { OperatorError, type Item } from '../operator';
import { git } from './git-cli';

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
    docs: 'Outputs `{ path, index, workingTree, staged, status }` per file; nothing when the tree is clean.',
  },
  async (ctx, _inputs, signal) => {
    const text = await git(ctx, ['status', '--porcelain=v1', '-z', ctx.param<boolean>('untracked', 0, true) ? '-uall' : '-uno'], signal);
    const parts = text.split('\0').filter(Boolean);
    const out: Item[] = [];
    for (let i = 0; i < parts.length; i++) {
      const entry = parts[i]!;
      const index = entry[0]!;
      const work = entry[1]!;
      const path = entry.slice(3);
      // Renames carry the original path as the next NUL-separated field.
      const from = index === 'R' || index === 'C' ? parts[++i] : undefined;
      const code = index !== ' ' && index !== '?' ? index : work;
      out.push({ json: { path, ...(from ? { from } : {}), index: index.trim(), workingTree: work.trim(), staged: index !== ' ' && index !== '?', status: STATUS_NAMES[code] ?? code } });
    }
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
    const base = ['--no-color', '--no-ext-diff'];
    if (ctx.param<boolean>('staged', 0, false)) base.push('--cached');
    const ref = ctx.param<string>('ref', 0, '');
    if (ref) {
      if (ref.startsWith('-')) throw new OperatorError('InvalidParameter', `${ctx.nodeName}: ref "${ref}" must not start with "-"`);
      base.push(ref);
    }
    const paths = ctx.param<string[]>('paths', 0, []);
    const tail = Array.isArray(paths) && paths.length ? ['--', ...paths.map(String)] : [];
    const diff = await git(ctx, ['diff', ...base, ...tail], signal);
    const numstat = await git(ctx, ['diff', '--numstat', ...base, ...tail], signal);
    const files = numstat.split('\n').filter(Boolean).map((line) => {
      const [added, removed, ...rest] = line.split('\t');
      return { path: rest.join('\t'), added: added === '-' ? null : Number(added), removed: removed === '-' ? null : Number(removed) };
    });
    return [[{ json: { diff, files } }]];
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
    docs: 'Outputs `{ hash, shortHash, author, email, date, subject, body }` per commit.',
  },
  async (ctx, _inputs, signal) => {
    const ref = ctx.param<string>('ref', 0, 'HEAD');
    if (ref.startsWith('-')) throw new OperatorError('InvalidParameter', `${ctx.nodeName}: ref "${ref}" must not start with "-"`);
    const path = ctx.param<string>('path', 0, '');
    const format = ['%H', '%h', '%an', '%ae', '%aI', '%s', '%b'].join('%x1f') + '%x1e';
    const text = await git(ctx, ['log', `--max-count=${Math.max(1, Number(ctx.param('maxCount', 0, 20)))}`, `--format=${format}`, ref, ...(path ? ['--', path] : [])], signal);
    const out: Item[] = text
      .split('\x1e')
      .map((r) => r.trim())
      .filter(Boolean)
      .map((record) => {
        const [hash, shortHash, author, email, date, subject, body] = record.split('\x1f');
        return { json: { hash: hash!, shortHash: shortHash!, author: author!, email: email!, date: date!, subject: subject!, body: (body ?? '').trim() } };
      });
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
    if (stage === 'all') await git(ctx, ['add', '--all'], signal);
    if (stage === 'paths') {
      const paths = ctx.param<string[]>('paths', 0, []);
      if (Array.isArray(paths) && paths.length) await git(ctx, ['add', '--', ...paths.map(String)], signal);
    }
    const args = ['commit', '-F', '-'];
    if (ctx.param<boolean>('allowEmpty', 0, false)) args.push('--allow-empty');
    try {
      await git(ctx, args, signal, String(message));
    } catch (e) {
      if (e instanceof OperatorError && /nothing (added )?to commit/.test(e.message)) {
        throw new OperatorError('NothingToCommit', `${ctx.nodeName}: nothing to commit — stage changes first (set "stage" to "all") or allow an empty commit`);
      }
      throw e;
    }
    const hash = (await git(ctx, ['rev-parse', 'HEAD'], signal)).trim();
    return [[{ json: { hash, message: String(message) } }]];
  },
);
