import fs from 'node:fs';
import path from 'node:path';
import { defineOperator } from '../operator-registry';
import { OperatorError, type Item } from '../operator';
import { runProcess } from '../run-process';
import { itemsOf, resolveInWorkspace } from '../workspace-path';

/** build.run: a shell command or an npm script, with its output captured and streamed to the run log. */
export const buildRun = defineOperator(
  {
    id: 'build.run',
    displayName: 'Run Command',
    description: 'Runs a shell command or npm script and captures stdout, stderr and the exit code.',
    category: 'Build',
    icon: 'terminal',
    params: [
      { name: 'command', displayName: 'Command', type: 'code', language: 'shell', default: '', placeholder: 'npm test', description: 'Run through the shell. Leave empty to run an npm script.' },
      { name: 'script', displayName: 'npm script', type: 'string', default: '', placeholder: 'build' },
      { name: 'cwd', displayName: 'Working folder', type: 'path', default: '.' },
      { name: 'env', displayName: 'Environment', type: 'json', default: {}, description: 'Extra variables, e.g. {"CI": "1"}.' },
      { name: 'timeoutMs', displayName: 'Timeout (ms)', type: 'number', default: 600000, min: 1 },
      { name: 'failOnError', displayName: 'Fail on non-zero exit', type: 'boolean', default: true },
    ],
    permissions: ['process.spawn'],
    docs: 'Outputs `{ command, exitCode, stdout, stderr, durationMs }` per input item. With "Fail on non-zero exit" off, a failing command is an item, not an error.',
  },
  async (ctx, inputs, signal) => {
    const out: Item[] = [];
    const items = itemsOf(inputs);
    for (let i = 0; i < items.length; i++) {
      const script = String(ctx.param('script', i, '') ?? '').trim();
      const command = String(ctx.param('command', i, '') ?? '').trim();
      if (!command && !script) throw new OperatorError('InvalidParameter', `${ctx.nodeName}: set "command" (e.g. "npm test") or "script" (an npm script name)`);
      const cwd = resolveInWorkspace(ctx, ctx.param<string>('cwd', i, '.'), 'cwd');
      if (script && !command && !hasNpmScript(cwd, script)) {
        throw new OperatorError('UnknownScript', `${ctx.nodeName}: package.json in ${path.relative(ctx.workspaceRoot, cwd) || '.'} has no script "${script}"`);
      }
      const line = command || `npm run --silent ${shellQuote(script)}`;
      const extra = ctx.param<Record<string, unknown>>('env', i, {});
      const env = { ...process.env, ...Object.fromEntries(Object.entries(extra && typeof extra === 'object' ? extra : {}).map(([k, v]) => [k, String(v)])) };
      ctx.log('info', `$ ${line}`);
      const result = await runProcess(line, [], {
        cwd,
        env,
        shell: true,
        signal,
        timeoutMs: Number(ctx.param('timeoutMs', i, 600000)),
        onOutput: (stream, text) => ctx.log(stream === 'stderr' ? 'warn' : 'info', text.replace(/\n$/, '')),
      });
      if (result.timedOut) throw new OperatorError('Timeout', `${ctx.nodeName}: "${line}" did not finish within ${ctx.param('timeoutMs', i, 600000)} ms and was stopped`);
      const json = { command: line, exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, durationMs: Math.round(result.durationMs) };
      if (json.exitCode !== 0 && ctx.param<boolean>('failOnError', i, true)) {
        const tail = (result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n');
        throw new OperatorError('CommandFailed', `${ctx.nodeName}: "${line}" exited with ${json.exitCode}${tail ? `:\n${tail}` : ''}`, json);
      }
      out.push({ json, pairedItem: { item: i } });
    }
    return [out];
  },
);

function hasNpmScript(cwd: string, script: string): boolean {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    return typeof pkg.scripts?.[script] === 'string';
  } catch {
    return false;
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
