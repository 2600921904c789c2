import type { ExtensionHost } from '../../extensions/extension-host';
import type { BaseExtension } from '../../extensions/symphony-extension';
import type { AiServices, ChatMessage, ModelProvider, ModelReply, ModelRequest, ModelRoute } from './model-provider';

/**
 * What an instrument's model command receives: the chat, the sampling settings and the model name
 * the route asked for. It answers `{ text, model?, usage?: { promptTokens, completionTokens,
 * totalTokens } }`, or just the text.
 */
export interface InstrumentRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  model: string;
}

/** A model an installed instrument sub-extension provides. */
export interface InstrumentModel {
  /** The instrument's id (package name). */
  extension: string;
  /** `[model] provider` and `model_name` from its manifest. */
  provider: string;
  model: string;
  /** The command the host calls in the instrument's sandbox. */
  command: string;
}

/**
 * Every model the host's instruments declare. The model's command is `[model] command`, else the
 * instrument's first command in its own namespace (`<extension>.<name>`), as an operator
 * extension's is.
 */
export function instrumentModels(host: Pick<ExtensionHost, 'list'>): InstrumentModel[] {
  const out: InstrumentModel[] = [];
  for (const ext of host.list()) {
    const m = ext.manifest;
    if (m.type !== 'instrument' || !m.model) continue;
    const command = m.model.command ?? m.commands.find((c) => c.id.startsWith(`${m.id}.`))?.id;
    if (!command) continue;
    out.push({ extension: m.id, provider: m.model.provider, model: m.model.model_name, command });
  }
  return out;
}

/**
 * The instrument a route names: `instrument:<extension>`; `instrument` with the model's name (or
 * the extension's id) as `model`; or the very provider and model an instrument declares.
 */
export function findInstrument(models: InstrumentModel[], route: ModelRoute): InstrumentModel | undefined {
  const provider = route.provider;
  if (provider.startsWith('instrument:')) return models.find((m) => m.extension === provider.slice('instrument:'.length));
  if (provider === 'instrument') {
    if (!route.model) return models.length === 1 ? models[0] : undefined;
    return models.find((m) => m.model === route.model) ?? models.find((m) => m.extension === route.model);
  }
  return models.find((m) => m.provider === provider && m.model === route.model);
}

/** Whether a route can only be answered by an instrument (so "not found" is worth explaining). */
export function namesInstrument(route: ModelRoute): boolean {
  return route.provider === 'instrument' || route.provider.startsWith('instrument:');
}

/** An instrument's model as a provider for the ai.* operators: each request is one sandboxed command call. */
export class InstrumentModelProvider implements ModelProvider {
  readonly name: string;

  constructor(
    private readonly host: Pick<ExtensionHost, 'activate' | 'get'>,
    private readonly model: InstrumentModel,
  ) {
    this.name = `instrument ${model.extension} (${model.model})`;
  }

  async complete(request: ModelRequest, onToken: (token: string) => void, signal: AbortSignal): Promise<ModelReply> {
    signal.throwIfAborted();
    await this.host.activate(this.model.extension);
    const ext: BaseExtension | undefined = this.host.get(this.model.extension);
    if (!ext?.running) throw new Error(`${this.model.extension} is not running (${ext?.lifecycle.error ?? ext?.state ?? 'not installed'}); see its log`);
    const args: InstrumentRequest = { messages: request.messages, model: this.model.model, ...(request.temperature !== undefined ? { temperature: request.temperature } : {}), ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}) };
    // The sandbox call has its own time limit (performance.limits.timeout_s); abort stops waiting.
    const answer = await new Promise<unknown>((resolve, reject) => {
      const onAbort = () => reject(signal.reason ?? new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      ext.running!.invoke(this.model.command, args).then(
        (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
        (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
      );
    });
    const reply = replyOf(answer, this.model);
    // One call answers all at once; the text reaches the run log as one piece.
    if (reply.text) onToken(reply.text);
    return reply;
  }
}

function replyOf(answer: unknown, model: InstrumentModel): ModelReply {
  if (typeof answer === 'string') return { text: answer, model: model.model };
  const a = answer as { text?: unknown; model?: unknown; usage?: Record<string, unknown> } | null;
  if (!a || typeof a !== 'object' || typeof a.text !== 'string') {
    throw new Error(`${model.command} returned ${JSON.stringify(answer)?.slice(0, 120)}; an instrument's model command must return { text, model?, usage? } or a string`);
  }
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const usage = a.usage && typeof a.usage === 'object' ? { promptTokens: n(a.usage.promptTokens), completionTokens: n(a.usage.completionTokens), totalTokens: n(a.usage.totalTokens) } : undefined;
  return { text: a.text, model: typeof a.model === 'string' ? a.model : model.model, ...(usage ? { usage } : {}) };
}

/**
 * AI services that answer routes to instruments from `host`, and ask `next` (the editor's VS Code
 * models, say) for any other provider. The editor and `symphony run` both wrap their services with it.
 */
export function withInstruments(host: Pick<ExtensionHost, 'list' | 'activate' | 'get'>, base: AiServices = {}): AiServices {
  return {
    ...base,
    provider(route) {
      const own = base.provider?.(route);
      if (own) return own;
      const models = instrumentModels(host);
      const found = findInstrument(models, route);
      if (found) return new InstrumentModelProvider(host, found);
      if (!namesInstrument(route)) return undefined;
      const offered = models.map((m) => `${m.model} (${m.extension})`).join(', ');
      throw new Error(
        `no installed instrument provides ${route.provider.startsWith('instrument:') ? `"${route.provider}"` : `the model "${route.model ?? ''}"`}; ${offered ? `instruments offer: ${offered}` : 'no instrument with a [model] table and a command is installed'}`,
      );
    },
  };
}
