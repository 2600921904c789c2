import type * as vscode from 'vscode';

// The part of the built-in git extension's API (extensions/git/src/api/git.d.ts, version 1) that
// the git operators use. Declared here because the extension ships no types package.

/** The git extension's `Status` enum, by value. */
export const GitApiStatus = {
  INDEX_MODIFIED: 0,
  INDEX_ADDED: 1,
  INDEX_DELETED: 2,
  INDEX_RENAMED: 3,
  INDEX_COPIED: 4,
  MODIFIED: 5,
  DELETED: 6,
  UNTRACKED: 7,
  IGNORED: 8,
  INTENT_TO_ADD: 9,
  INTENT_TO_RENAME: 10,
  TYPE_CHANGED: 11,
  ADDED_BY_US: 12,
  ADDED_BY_THEM: 13,
  DELETED_BY_US: 14,
  DELETED_BY_THEM: 15,
  BOTH_ADDED: 16,
  BOTH_DELETED: 17,
  BOTH_MODIFIED: 18,
} as const;
export type GitApiStatus = (typeof GitApiStatus)[keyof typeof GitApiStatus];

export interface GitApiChange {
  readonly uri: vscode.Uri;
  readonly originalUri: vscode.Uri;
  readonly renameUri: vscode.Uri | undefined;
  readonly status: GitApiStatus;
}

export interface GitApiCommit {
  readonly hash: string;
  readonly message: string;
  readonly parents: string[];
  readonly authorDate?: Date;
  readonly authorName?: string;
  readonly authorEmail?: string;
}

export interface GitApiRepositoryState {
  readonly HEAD: { readonly commit?: string } | undefined;
  readonly mergeChanges: GitApiChange[];
  readonly indexChanges: GitApiChange[];
  readonly workingTreeChanges: GitApiChange[];
  /** Present in newer versions; with `git.untrackedChanges: separate` untracked files are here. */
  readonly untrackedChanges?: GitApiChange[];
}

export interface GitApiRepository {
  readonly rootUri: vscode.Uri;
  readonly state: GitApiRepositoryState;
  /** Refreshes `state` from `git status`. */
  status(): Promise<void>;
  diff(cached?: boolean): Promise<string>;
  /** `git diff -- path` (working tree against the index, despite the name). */
  diffWithHEAD(path: string): Promise<string>;
  diffWith(ref: string, path: string): Promise<string>;
  diffIndexWithHEAD(path: string): Promise<string>;
  diffIndexWith(ref: string, path: string): Promise<string>;
  log(options?: { maxEntries?: number; path?: string; range?: string }): Promise<GitApiCommit[]>;
  getCommit(ref: string): Promise<GitApiCommit>;
  add(paths: string[]): Promise<void>;
  commit(message: string, options?: { all?: boolean | 'tracked'; empty?: boolean }): Promise<void>;
}

export interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  getRepository(uri: vscode.Uri): GitApiRepository | null;
  /** Opens the repository at a folder in the git extension (no prompt); null when it is not one. */
  openRepository?(root: vscode.Uri): Promise<GitApiRepository | null>;
}

/** What `vscode.extensions.getExtension('vscode.git').exports` is. */
export interface GitExtensionExports {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}
