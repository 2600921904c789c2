import { OperatorError, type OperatorContext } from '../operator';
import { runProcess } from '../run-process';

/** Runs `git` in the workspace and returns stdout, turning failures into errors a user can act on. */
export async function git(ctx: OperatorContext, args: string[], signal: AbortSignal, input?: string): Promise<string> {
  let result;
  try {
    result = await runProcess('git', args, { cwd: ctx.workspaceRoot, signal, input, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new OperatorError('GitNotFound', `${ctx.nodeName}: git is not installed or not on PATH; install git to use the git operators`);
    throw e;
  }
  if (result.exitCode !== 0) {
    const message = result.stderr.trim() || result.stdout.trim();
    if (/not a git repository/i.test(message)) throw new OperatorError('NotARepository', `${ctx.nodeName}: ${ctx.workspaceRoot} is not a git repository; run "git init" or open the repository's folder`);
    throw new OperatorError('GitFailed', `${ctx.nodeName}: git ${args[0]} failed (exit ${result.exitCode}): ${message}`);
  }
  return result.stdout;
}
