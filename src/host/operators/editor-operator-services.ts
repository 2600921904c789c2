import * as vscode from 'vscode';
import type { OperatorServices } from '../../core/operators/operator';
import type { AiServices, ModelProvider, ModelRoute } from '../../core/operators/ai/model-provider';
import type { TaskRunner } from '../../core/operators/build/build-task';
import { modelRouteFor, type ConductorConfig } from '../../core/conductor/conductor-config';

const SECRET_PREFIX = 'symphony.secret.';

/** Secrets operators use (API keys, connection URLs), kept in VS Code's SecretStorage by name. */
export function secretKey(name: string): string {
  return `${SECRET_PREFIX}${name}`;
}

/**
 * What operators get inside the editor: secrets from SecretStorage, VS Code tasks, VS Code's
 * language models and the model routing of `.symphony/conductor.json`.
 */
export function editorOperatorServices(context: vscode.ExtensionContext, config: () => ConductorConfig | undefined): OperatorServices {
  const ai: AiServices = {
    routeFor: (operatorId) => {
      const c = config();
      return c ? (modelRouteFor(c, operatorId) as ModelRoute | undefined) : undefined;
    },
    provider: (route) => (route.provider === 'vscode' ? vscodeModelProvider(route.model) : undefined),
  };
  const tasks: TaskRunner = { run: runTask };
  return {
    getSecret: async (name) => (await context.secrets.get(secretKey(name))) ?? process.env[`SYMPHONY_SECRET_${name.toUpperCase().replace(/\W/g, '_')}`],
    env: process.env,
    ai,
    tasks,
  };
}

/** VS Code's Language Model API as a model provider (Copilot or any registered model). */
function vscodeModelProvider(family: string | undefined): ModelProvider {
  return {
    name: `vscode:${family ?? 'any'}`,
    async complete(request, onToken, signal) {
      const [model] = await vscode.lm.selectChatModels(family ? { family } : {});
      if (!model) throw new Error('no VS Code language model is available; install one (e.g. GitHub Copilot) or route ai operators to an OpenAI-compatible endpoint in .symphony/conductor.json');
      const tokenSource = new vscode.CancellationTokenSource();
      signal.addEventListener('abort', () => tokenSource.cancel(), { once: true });
      const messages = request.messages.map((m) => (m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.role === 'system' ? `Instructions: ${m.content}` : m.content)));
      const response = await model.sendRequest(messages, {}, tokenSource.token);
      let text = '';
      for await (const chunk of response.text) {
        text += chunk;
        onToken(chunk);
      }
      const promptTokens = await Promise.all(messages.map((m) => model.countTokens(m))).then((n) => n.reduce((a, b) => a + b, 0)).catch(() => undefined);
      const completionTokens = await Promise.resolve(model.countTokens(text)).catch(() => undefined);
      return { text, model: model.id, usage: { promptTokens, completionTokens, totalTokens: promptTokens !== undefined && completionTokens !== undefined ? promptTokens + completionTokens : undefined } };
    },
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
