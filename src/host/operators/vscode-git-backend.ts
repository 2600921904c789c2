import * as vscode from 'vscode';
import path from 'node:path';
import { OperatorError } from '../../core/operators/operator';
import { utcDate, type GitBackend, type GitCall, type GitCommitRecord, type GitStatusEntry } from '../../core/operators/git/git-backend';
import { nothingToCommit } from '../../core/operators/git/git-cli';
import { GitApiStatus, type GitApi, type GitApiChange, type GitApiRepository, type GitExtensionExports } from './vscode-git-api';

/** Porcelain letters (index, working tree) of each git extension status. */
const LETTERS: Record<number, [string, string]> = {
  [GitApiStatus.INDEX_MODIFIED]: ['M', ''],
  [GitApiStatus.INDEX_ADDED]: ['A', ''],
  [GitApiStatus.INDEX_DELETED]: ['D', ''],
  [GitApiStatus.INDEX_RENAMED]: ['R', ''],
  [GitApiStatus.INDEX_COPIED]: ['C', ''],
  [GitApiStatus.MODIFIED]: ['', 'M'],
  [GitApiStatus.DELETED]: ['', 'D'],
  [GitApiStatus.UNTRACKED]: ['?', '?'],
  [GitApiStatus.INTENT_TO_ADD]: ['', 'A'],
  [GitApiStatus.INTENT_TO_RENAME]: ['', 'R'],
  [GitApiStatus.ADDED_BY_US]: ['A', 'U'],
  [GitApiStatus.ADDED_BY_THEM]: ['U', 'A'],
  [GitApiStatus.DELETED_BY_US]: ['D', 'U'],
  [GitApiStatus.DELETED_BY_THEM]: ['U', 'D'],
  [GitApiStatus.BOTH_ADDED]: ['A', 'A'],
  [GitApiStatus.BOTH_DELETED]: ['D', 'D'],
  [GitApiStatus.BOTH_MODIFIED]: ['U', 'U'],
};

export interface VsCodeGitOptions {
  /** Answers what the git extension cannot (it is missing or disabled, or the folder is not open in it). */
  fallback: GitBackend;
  /** Says once per folder why the fallback is used. */
  onFallback?(root: string, reason: string): void;
  /** How long to wait for the git extension to finish its first scan. */
  initTimeoutMs?: number;
}

/**
 * The git operators over VS Code's built-in git extension, so the editor's git settings, its
 * repository model and the Source Control view stay in step with what a melody does. Items have
 * the same shape as from the git CLI; where the API has no equivalent (a whole-tree diff against
 * a ref, several paths at once, a log of a ref other than HEAD) the call goes to the fallback.
 */
export class VsCodeGitBackend implements GitBackend {
  readonly name = 'VS Code git';
  private readonly reported = new Set<string>();

  constructor(private readonly options: VsCodeGitOptions) {}

  async status(call: GitCall, options: { untracked: boolean }): Promise<GitStatusEntry[]> {
    const repo = await this.repository(call);
    if (!repo) return this.options.fallback.status(call, options);
    const hidden = vscode.workspace.getConfiguration('git', repo.rootUri).get<string>('untrackedChanges') === 'hidden';
    if (options.untracked && hidden) return this.fallBack(call.root, 'git.untrackedChanges is "hidden"', () => this.options.fallback.status(call, options));
    await this.api(call, 'status', () => repo.status());
    const entries = new Map<string, GitStatusEntry>();
    const add = (change: GitApiChange, group: 'index' | 'work' | 'merge') => {
      // A type change is the one status the extension reports in either group.
      const letters = change.status === GitApiStatus.TYPE_CHANGED ? (group === 'index' ? ['T', ''] : ['', 'T']) : LETTERS[change.status];
      if (!letters) return;
      if (letters[0] === '?' && !options.untracked) return;
      const target = relative(repo, change.renameUri ?? change.uri);
      const original = relative(repo, change.originalUri);
      const entry = entries.get(target) ?? { path: target, index: '', workingTree: '' };
      if (group !== 'work' || letters[0] === '?') entry.index = letters[0] || entry.index;
      if (group !== 'index') entry.workingTree = letters[1] || entry.workingTree;
      if ((letters[0] === 'R' || letters[0] === 'C') && original !== target) entry.from = original;
      entries.set(target, entry);
    };
    const state = repo.state;
    for (const c of state.mergeChanges) add(c, 'merge');
    for (const c of state.indexChanges) add(c, 'index');
    for (const c of state.workingTreeChanges) add(c, 'work');
    for (const c of state.untrackedChanges ?? []) add(c, 'work');
    return [...entries.values()];
  }

  async diff(call: GitCall, options: { staged: boolean; ref?: string; paths: string[] }): Promise<string> {
    const { staged, ref, paths } = options;
    if (paths.length > 1 || (ref && !paths.length)) return this.options.fallback.diff(call, options);
    const repo = await this.repository(call);
    if (!repo) return this.options.fallback.diff(call, options);
    if (!paths.length) return this.api(call, 'diff', () => repo.diff(staged));
    const file = path.resolve(call.root, paths[0]!);
    if (ref) return this.api(call, 'diff', () => (staged ? repo.diffIndexWith(ref, file) : repo.diffWith(ref, file)));
    return this.api(call, 'diff', () => (staged ? repo.diffIndexWithHEAD(file) : repo.diffWithHEAD(file)));
  }

  async log(call: GitCall, options: { maxCount: number; ref: string; path?: string }): Promise<GitCommitRecord[]> {
    // The API applies maxEntries only without a range, so other refs go to the CLI.
    if (options.ref !== 'HEAD') return this.options.fallback.log(call, options);
    const repo = await this.repository(call);
    if (!repo) return this.options.fallback.log(call, options);
    const commits = await this.api(call, 'log', () => repo.log({ maxEntries: options.maxCount, ...(options.path ? { path: path.resolve(call.root, options.path) } : {}) }));
    const short = vscode.workspace.getConfiguration('git', repo.rootUri).get<number>('commitShortHashLength') ?? 7;
    return commits.map((c) => ({
      hash: c.hash,
      shortHash: c.hash.slice(0, Math.max(7, short)),
      author: c.authorName ?? '',
      email: c.authorEmail ?? '',
      date: c.authorDate ? utcDate(new Date(c.authorDate)) : '',
      message: c.message,
    }));
  }

  async commit(call: GitCall, options: { message: string; stage: 'none' | 'all' | 'paths'; paths: string[]; allowEmpty: boolean }): Promise<string> {
    const repo = await this.repository(call);
    if (!repo) return this.options.fallback.commit(call, options);
    if (options.stage === 'paths' && options.paths.length) await this.api(call, 'add', () => repo.add(options.paths.map((p) => path.resolve(call.root, p))));
    try {
      await this.api(call, 'commit', () => repo.commit(options.message, { ...(options.stage === 'all' ? { all: true } : {}), ...(options.allowEmpty ? { empty: true } : {}) }));
    } catch (e) {
      if (e instanceof OperatorError && /nothing (added )?to commit|no changes added to commit/.test(e.message)) throw nothingToCommit(call);
      throw e;
    }
    return (await this.api(call, 'rev-parse', () => repo.getCommit('HEAD'))).hash;
  }

  /** The open repository for the call's folder, opening it in the git extension if needed. */
  private async repository(call: GitCall): Promise<GitApiRepository | undefined> {
    call.signal.throwIfAborted();
    const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
    if (!extension) return this.noApi(call.root, 'the built-in git extension is not installed');
    let exports: GitExtensionExports | undefined;
    try {
      exports = extension.isActive ? extension.exports : await extension.activate();
    } catch (e) {
      return this.noApi(call.root, `the git extension did not activate (${String(e)})`);
    }
    if (!exports?.enabled) return this.noApi(call.root, 'the git extension is disabled (git.enabled is false)');
    let api: GitApi;
    try {
      api = exports.getAPI(1);
    } catch (e) {
      return this.noApi(call.root, `the git extension gave no API (${String(e)})`);
    }
    if (api.state !== 'initialized') await initialized(api, this.options.initTimeoutMs ?? 10_000);
    const uri = vscode.Uri.file(call.root);
    let repo = api.getRepository(uri);
    if (!repo && api.openRepository) repo = await api.openRepository(uri).catch(() => null);
    if (!repo) return this.noApi(call.root, 'the folder is not a repository open in the git extension');
    return repo;
  }

  private noApi(root: string, reason: string): undefined {
    this.report(root, reason);
    return undefined;
  }

  private fallBack<T>(root: string, reason: string, run: () => Promise<T>): Promise<T> {
    this.report(root, reason);
    return run();
  }

  private report(root: string, reason: string): void {
    const key = `${root}\0${reason}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.options.onFallback?.(root, reason);
  }

  /** Runs one API call, honouring cancellation before and after, and names the node in failures. */
  private async api<T>(call: GitCall, what: string, run: () => Promise<T>): Promise<T> {
    call.signal.throwIfAborted();
    let result: T;
    try {
      result = await run();
    } catch (e) {
      const err = e as { message?: string; stderr?: string; stdout?: string; gitErrorCode?: string };
      const detail = [err.stderr, err.stdout].map((s) => s?.trim()).filter(Boolean).join('\n') || err.message || String(e);
      throw new OperatorError('GitFailed', `${call.nodeName}: git ${what} failed in VS Code's git extension${err.gitErrorCode ? ` (${err.gitErrorCode})` : ''}: ${detail}`);
    }
    call.signal.throwIfAborted();
    return result;
  }
}

function relative(repo: GitApiRepository, uri: vscode.Uri): string {
  return path.relative(repo.rootUri.fsPath, uri.fsPath).split(path.sep).join('/');
}

function initialized(api: GitApi, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const sub = api.onDidChangeState((s) => s === 'initialized' && done());
    function done() {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
  });
}
