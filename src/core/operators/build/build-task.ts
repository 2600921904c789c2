import { defineOperator } from '../operator-registry';
import { OperatorError } from '../operator';

/** The editor's task runner, provided by the host as `ctx.services.tasks`. */
export interface TaskRunner {
  run(name: string, signal: AbortSignal): Promise<{ exitCode: number | undefined }>;
}

/** build.task: runs a VS Code task by name and waits for it (editor only). */
export const buildTask = defineOperator(
  {
    id: 'build.task',
    displayName: 'Run VS Code Task',
    description: 'Runs a task from tasks.json and waits for it to finish.',
    category: 'Build',
    icon: 'tools',
    availability: 'editor',
    params: [{ name: 'task', displayName: 'Task name', type: 'string', required: true, placeholder: 'npm: build' }],
    permissions: ['process.spawn'],
    docs: 'Outputs `{ task, exitCode }`. Only available inside VS Code; `symphony run` reports it as unavailable.',
  },
  async (ctx, _inputs, signal) => {
    const tasks = ctx.services.tasks as TaskRunner | undefined;
    const name = ctx.param<string>('task', 0);
    if (!tasks) throw new OperatorError('EditorOnly', `${ctx.nodeName}: build.task runs VS Code tasks and needs the editor; in the CLI use build.run with the task's command`);
    const { exitCode } = await tasks.run(name, signal);
    if (exitCode !== undefined && exitCode !== 0) throw new OperatorError('TaskFailed', `${ctx.nodeName}: task "${name}" exited with ${exitCode}`);
    return [[{ json: { task: name, exitCode: exitCode ?? null } }]];
  },
);
