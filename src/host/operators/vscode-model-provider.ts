import * as vscode from 'vscode';
import type { ModelProvider } from '../../core/operators/ai/model-provider';

/** Whether a route names VS Code's Language Model API (`vscode`, or `vscode-lm` as conductor.json documents it). */
export function isVsCodeModelRoute(provider: string): boolean {
  return provider === 'vscode' || provider === 'vscode-lm';
}

/**
 * VS Code's Language Model API as a model provider: Copilot or any model an extension registers.
 * `model` picks by family first, then by id; empty takes the first model offered.
 */
export function vscodeModelProvider(model: string | undefined): ModelProvider {
  return {
    name: `vscode:${model || 'any'}`,
    async complete(request, onToken, signal) {
      const chat = await pickModel(model);
      const tokenSource = new vscode.CancellationTokenSource();
      const onAbort = () => tokenSource.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        // The stable API has no system role; instructions go first as a user message.
        const messages = request.messages.map((m) => (m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.role === 'system' ? `Instructions: ${m.content}` : m.content)));
        const options: vscode.LanguageModelChatRequestOptions = { justification: 'A Symphony melody asks this model (ai.* operator).', modelOptions: { ...(request.temperature !== undefined ? { temperature: request.temperature } : {}), ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}) } };
        const response = await chat.sendRequest(messages, options, tokenSource.token);
        let text = '';
        for await (const chunk of response.text) {
          text += chunk;
          onToken(chunk);
        }
        signal.throwIfAborted();
        const count = async (value: string | vscode.LanguageModelChatMessage) => Promise.resolve(chat.countTokens(value, tokenSource.token));
        const promptTokens = await Promise.all(messages.map(count)).then((n) => n.reduce((a, b) => a + b, 0)).catch(() => undefined);
        const completionTokens = await count(text).catch(() => undefined);
        const totalTokens = promptTokens !== undefined && completionTokens !== undefined ? promptTokens + completionTokens : undefined;
        return { text, model: chat.id, usage: { promptTokens, completionTokens, totalTokens } };
      } finally {
        signal.removeEventListener('abort', onAbort);
        tokenSource.dispose();
      }
    },
  };
}

async function pickModel(model: string | undefined): Promise<vscode.LanguageModelChat> {
  const found = model ? ((await vscode.lm.selectChatModels({ family: model }))[0] ?? (await vscode.lm.selectChatModels({ id: model }))[0]) : (await vscode.lm.selectChatModels({}))[0];
  if (found) return found;
  const all = await vscode.lm.selectChatModels({});
  const offered = all.map((m) => `${m.family} (${m.vendor})`).join(', ');
  throw new Error(
    model
      ? `no VS Code language model has the family or id "${model}"; ${offered ? `available: ${offered}` : 'none is installed'}`
      : 'no VS Code language model is available; install one (e.g. GitHub Copilot) or route ai operators to an OpenAI-compatible endpoint in .symphony/conductor.json',
  );
}
