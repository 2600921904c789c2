import { defineOperator } from '../operator-registry';
import { OperatorError, type Item, type JsonValue, type OperatorContext, type ParamDescription } from '../operator';
import { itemsOf } from '../workspace-path';
import type { AiServices, ChatMessage, ModelProvider, ModelReply, ModelRoute } from './model-provider';
import { OpenAiCompatibleProvider } from './openai-compatible';

const MODEL_PARAMS: ParamDescription[] = [
  { name: 'provider', displayName: 'Provider', type: 'options', default: 'auto', options: [{ value: 'auto', label: 'As routed in conductor.json' }, { value: 'openai', label: 'OpenAI-compatible endpoint' }, { value: 'vscode', label: 'VS Code language models' }, { value: 'instrument', label: 'An instrument sub-extension' }] },
  { name: 'endpoint', displayName: 'Endpoint', type: 'string', default: '', placeholder: 'http://127.0.0.1:11434/v1', showWhen: { provider: ['openai'] } },
  { name: 'model', displayName: 'Model', type: 'string', default: '', placeholder: 'llama3.2', description: "The model's name: at the endpoint, a VS Code model's family or id, or an instrument's [model] model_name." },
  { name: 'apiKeySecret', displayName: 'API key (secret name)', type: 'secret', default: '' },
  { name: 'temperature', displayName: 'Temperature', type: 'number', default: 0.2, min: 0, max: 2 },
  { name: 'maxTokens', displayName: 'Max tokens', type: 'number', default: 1024, min: 1 },
];

/** Finds the model for this node: its own parameters first, then conductor.json's routing. */
async function resolveProvider(ctx: OperatorContext, operatorId: string): Promise<ModelProvider> {
  const ai = ctx.services.ai as AiServices | undefined;
  const chosen = String(ctx.param('provider', 0, 'auto'));
  const own: ModelRoute | undefined = chosen === 'auto' ? undefined : { provider: chosen, endpoint: str(ctx.param('endpoint', 0, '')), model: str(ctx.param('model', 0, '')), keyName: str(ctx.param('apiKeySecret', 0, '')) };
  const routed = ai?.routeFor?.(operatorId);
  const route: ModelRoute | undefined = own ?? (routed ? { ...routed, model: str(ctx.param('model', 0, '')) || routed.model } : undefined);
  if (!route) {
    throw new OperatorError('NoModel', `${ctx.nodeName}: no model is configured — set "provider" and "endpoint" on the node, or add "models": { "default": { "provider": "openai", "endpoint": "…", "model": "…" } } to .symphony/conductor.json`);
  }
  if (route.provider === 'openai') {
    if (!route.endpoint) throw new OperatorError('NoModel', `${ctx.nodeName}: an OpenAI-compatible provider needs an endpoint, e.g. http://127.0.0.1:11434/v1`);
    if (!route.model) throw new OperatorError('NoModel', `${ctx.nodeName}: say which model to use (the "model" parameter)`);
    let key: string | undefined;
    if (route.keyName) {
      key = await ctx.services.getSecret?.(route.keyName);
      if (!key) throw new OperatorError('MissingSecret', `${ctx.nodeName}: no secret named "${route.keyName}" is stored; run "Symphony: Set Secret", or set SYMPHONY_SECRET_${route.keyName.toUpperCase().replace(/\W/g, '_')} for the CLI`);
    }
    return new OpenAiCompatibleProvider(route.endpoint, route.model, key);
  }
  let provider: ModelProvider | undefined;
  try {
    provider = ai?.provider?.(route);
  } catch (e) {
    throw new OperatorError('NoModel', `${ctx.nodeName}: ${(e as Error).message}`);
  }
  if (!provider) {
    const editorOnly = route.provider === 'vscode' || route.provider === 'vscode-lm';
    throw new OperatorError('NoModel', `${ctx.nodeName}: the "${route.provider}" model provider is not available here${editorOnly ? ' (VS Code language models exist only inside the editor; use an OpenAI-compatible endpoint in the CLI)' : route.provider.startsWith('instrument') ? ' (no instrument sub-extensions are loaded)' : ''}`);
  }
  return provider;
}

async function ask(ctx: OperatorContext, operatorId: string, i: number, messages: ChatMessage[], signal: AbortSignal): Promise<ModelReply> {
  const provider = await resolveProvider(ctx, operatorId);
  let line = '';
  const flush = () => {
    if (line) ctx.log('info', line);
    line = '';
  };
  try {
    const reply = await provider.complete(
      { messages, temperature: num(ctx.param('temperature', i, 0.2)), maxTokens: num(ctx.param('maxTokens', i, 1024)) },
      (token) => {
        // Stream to the run log a line at a time so logs stay readable.
        line += token;
        if (line.includes('\n')) {
          const parts = line.split('\n');
          line = parts.pop()!;
          for (const p of parts) ctx.log('info', p);
        }
      },
      signal,
    );
    flush();
    return reply;
  } catch (e) {
    signal.throwIfAborted();
    // fetch() says only "fetch failed"; the cause (ECONNREFUSED, ENOTFOUND…) is what a user can act on.
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause ? `${(e as Error).message} (${cause.code ?? cause.message})` : (e as Error).message;
    throw new OperatorError('ModelFailed', `${ctx.nodeName}: the model (${provider.name}) failed: ${why}${cause?.code === 'ECONNREFUSED' ? ' — is the model server running at the configured endpoint?' : ''}`);
  }
}

function replyJson(reply: ModelReply, extra: Record<string, JsonValue>): Record<string, JsonValue> {
  return { ...extra, model: reply.model, tokens: { prompt: reply.usage?.promptTokens ?? null, completion: reply.usage?.completionTokens ?? null, total: reply.usage?.totalTokens ?? null } };
}

/** ai.prompt: a prompt (with expressions) per item; the reply text becomes `text`. */
export const aiPrompt = defineOperator(
  {
    id: 'ai.prompt',
    displayName: 'Prompt a Model',
    description: 'Sends a prompt to a language model and outputs its reply.',
    category: 'AI',
    icon: 'sparkle',
    params: [
      { name: 'prompt', displayName: 'Prompt', type: 'expression', required: true, placeholder: 'Summarise: {{ $json.content }}' },
      { name: 'system', displayName: 'System message', type: 'string', default: '' },
      ...MODEL_PARAMS,
    ],
    permissions: ['ai.invoke'],
    docs: 'Outputs `{ text, model, tokens: { prompt, completion, total } }` per item; tokens stream to the run log.',
  },
  async (ctx, inputs, signal) => {
    const out: Item[] = [];
    const items = itemsOf(inputs);
    for (let i = 0; i < items.length; i++) {
      const prompt = str(ctx.param('prompt', i, ''));
      if (!prompt) throw new OperatorError('InvalidParameter', `${ctx.nodeName}: the prompt is empty for item ${i}`);
      const system = str(ctx.param('system', i, ''));
      const reply = await ask(ctx, 'ai.prompt', i, [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: prompt }], signal);
      out.push({ json: replyJson(reply, { text: reply.text }), pairedItem: { item: i } });
    }
    return [out];
  },
);

/** ai.generate-code: asks for code in a language and strips the Markdown fence from the reply. */
export const aiGenerateCode = defineOperator(
  {
    id: 'ai.generate-code',
    displayName: 'Generate Code',
    description: 'Generates code from instructions, returning just the code.',
    category: 'AI',
    icon: 'code',
    params: [
      { name: 'instructions', displayName: 'Instructions', type: 'expression', required: true },
      { name: 'language', displayName: 'Language', type: 'string', default: 'typescript' },
      { name: 'context', displayName: 'Context code', type: 'expression', default: '', description: 'Existing code the result must fit.' },
      ...MODEL_PARAMS,
    ],
    permissions: ['ai.invoke'],
    docs: 'Outputs `{ code, language, model, tokens }` per item.',
  },
  async (ctx, inputs, signal) => {
    const out: Item[] = [];
    const items = itemsOf(inputs);
    for (let i = 0; i < items.length; i++) {
      const language = str(ctx.param('language', i, 'typescript'));
      const context = str(ctx.param('context', i, ''));
      const messages: ChatMessage[] = [
        { role: 'system', content: `You write ${language} code. Answer with one fenced code block and nothing else.` },
        { role: 'user', content: `${str(ctx.param('instructions', i, ''))}${context ? `\n\nExisting code:\n\`\`\`${language}\n${context}\n\`\`\`` : ''}` },
      ];
      const reply = await ask(ctx, 'ai.generate-code', i, messages, signal);
      out.push({ json: replyJson(reply, { code: stripFence(reply.text), language }), pairedItem: { item: i } });
    }
    return [out];
  },
);

/** ai.analyze: asks a question about a text; with format "json" the reply is parsed. */
export const aiAnalyze = defineOperator(
  {
    id: 'ai.analyze',
    displayName: 'Analyze with a Model',
    description: 'Answers a question about a text (code, a diff, logs), as text or JSON.',
    category: 'AI',
    icon: 'search',
    params: [
      { name: 'text', displayName: 'Text', type: 'expression', required: true, placeholder: '={{ $json.diff }}' },
      { name: 'question', displayName: 'Question', type: 'string', default: 'Find bugs and risky changes.' },
      { name: 'format', displayName: 'Answer as', type: 'options', default: 'text', options: [{ value: 'text' }, { value: 'json' }] },
      ...MODEL_PARAMS,
    ],
    permissions: ['ai.invoke'],
    docs: 'Outputs `{ analysis, model, tokens }`; with format "json", `analysis` is the parsed object.',
  },
  async (ctx, inputs, signal) => {
    const out: Item[] = [];
    const items = itemsOf(inputs);
    for (let i = 0; i < items.length; i++) {
      const asJson = ctx.param<string>('format', i, 'text') === 'json';
      const messages: ChatMessage[] = [
        { role: 'system', content: `You analyse text precisely.${asJson ? ' Answer with one JSON object and nothing else.' : ''}` },
        { role: 'user', content: `${str(ctx.param('question', i, ''))}\n\n---\n${str(ctx.param('text', i, ''))}` },
      ];
      const reply = await ask(ctx, 'ai.analyze', i, messages, signal);
      let analysis: JsonValue = reply.text;
      if (asJson) {
        try {
          analysis = JSON.parse(stripFence(reply.text)) as JsonValue;
        } catch {
          throw new OperatorError('InvalidModelOutput', `${ctx.nodeName}: the model did not answer with JSON; ask for text instead or refine the question. It said: ${reply.text.slice(0, 200)}`);
        }
      }
      out.push({ json: replyJson(reply, { analysis }), pairedItem: { item: i } });
    }
    return [out];
  },
);

function stripFence(text: string): string {
  const m = /```[\w+-]*\s*\n([\s\S]*?)```/.exec(text);
  return (m ? m[1]! : text).trim();
}

function str(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}

function num(v: unknown): number | undefined {
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}
