import * as vscode from 'vscode';
import type { OperatorServices } from '../../core/operators/operator';
import type { AiServices, ModelRoute } from '../../core/operators/ai/model-provider';
import { withInstruments } from '../../core/operators/ai/instrument-models';
import type { ExtensionHost } from '../../core/extensions/extension-host';
import type { GitBackend } from '../../core/operators/git/git-backend';
import { cliGitBackend } from '../../core/operators/git/git-cli';
import { VsCodeGitBackend } from './vscode-git-backend';
import { isVsCodeModelRoute, vscodeModelProvider } from './vscode-model-provider';
import type { TaskRunner } from '../../core/operators/build/build-task';
import { modelRouteFor, type ConductorConfig } from '../../core/conductor/conductor-config';

const SECRET_PREFIX = 'symphony.secret.';

/** Secrets operators use (API keys, connection URLs), kept in VS Code's SecretStorage by name. */
export function secretKey(name: string): string {
  return `${SECRET_PREFIX}${name}`;
}

/** What the editor's services are built from besides the extension context. */
export interface EditorServiceSources {
  /** The workspace's conductor.json, if read. */
  config: () => ConductorConfig | undefined;
  /** Symphony's sub-extension host: its instruments answer routes to their models. */
  instruments?: Pick<ExtensionHost, 'list' | 'activate' | 'get'>;
  /** Where to say why a git call uses the CLI instead of VS Code's git extension. */
  log?: (message: string) => void;
}

/**
 * What operators get inside the editor: secrets from SecretStorage, VS Code tasks, VS Code's
 * language models, instrument sub-extensions' models, the model routing of
 * `.symphony/conductor.json`, and git through VS Code's git extension.
 */
export function editorOperatorServices(context: vscode.ExtensionContext, sources: EditorServiceSources): OperatorServices {
  const base: AiServices = {
    routeFor: (operatorId) => {
      const c = sources.config();
      return c ? (modelRouteFor(c, operatorId) as ModelRoute | undefined) : undefined;
    },
    provider: (route) => (isVsCodeModelRoute(route.provider) ? vscodeModelProvider(route.model) : undefined),
  };
  const ai = sources.instruments ? withInstruments(sources.instruments, base) : base;
  const tasks: TaskRunner = { run: runTask };
  const git: GitBackend = new VsCodeGitBackend({ fallback: cliGitBackend, onFallback: (root, reason) => sources.log?.(`git: using the git CLI for ${root}: ${reason}`) });
  return {
    getSecret: async (name) => (await context.secrets.get(secretKey(name))) ?? process.env[`SYMPHONY_SECRET_${name.toUpperCase().replace(/\W/g, '_')}`],
    env: process.env,
    ai,
    tasks,
    git,
  };
}

async function runTask(name: string, signal: AbortSignal): Promise<{ exitCode: number | undefined }> {
  const all = await vscode.tasks.fetchTasks();
  const task = all.find((t) => t.name === name || `${t.source}: ${t.name}` === name);
  if (!task) throw new Error(`there is no VS Code task named "${name}"; run "Tasks: Run Task" to see the names (${all.slice(0, 5).map((t) => `${t.source}: ${t.name}`).join(', ')}${all.length > 5 ? ', …' : ''})`);
  const execution = await vscode.tasks.executeTask(task);
  return new Promise((resolve) => {
    const subs: vscode.Disposable[] = [];
    const finish = (exitCode: number | undefined) => {
      subs.forEach((s) => s.dispose());
      resolve({ exitCode });
    };
    subs.push(vscode.tasks.onDidEndTaskProcess((e) => e.execution === execution && finish(e.exitCode)));
    subs.push(vscode.tasks.onDidEndTask((e) => e.execution === execution && finish(undefined)));
    signal.addEventListener('abort', () => execution.terminate(), { once: true });
  });
}
