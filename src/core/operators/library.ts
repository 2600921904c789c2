import type { OperatorRegistry } from './operator-registry';
import { fsList, fsRead, fsTransform, fsWrite } from './fs/index';
import { gitCommit, gitDiff, gitLog, gitStatus } from './git/git-operators';
import { buildRun } from './build/build-run';
import { buildTask } from './build/build-task';
import { httpRequest } from './http/http-request';
import { dbQuery } from './db/db-query';
import { aiAnalyze, aiGenerateCode, aiPrompt } from './ai/ai-operators';

/** The library operators that touch the world: files, git, builds, HTTP, databases, AI. */
export const libraryOperators = [fsRead, fsWrite, fsList, fsTransform, gitStatus, gitDiff, gitLog, gitCommit, buildRun, buildTask, httpRequest, dbQuery, aiPrompt, aiGenerateCode, aiAnalyze];

export function registerLibraryOperators(registry: OperatorRegistry): void {
  for (const op of libraryOperators) if (!registry.has(op.description.id)) registry.register(op);
}
