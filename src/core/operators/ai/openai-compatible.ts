import type { ModelProvider, ModelReply, ModelRequest } from './model-provider';

/**
 * A client for the OpenAI chat completions protocol, which local servers (Ollama, llama.cpp,
 * vLLM) and hosted ones speak. Streams tokens with server-sent events.
 */
export class OpenAiCompatibleProvider implements ModelProvider {
  readonly name: string;

  constructor(
    private readonly endpoint: string,
    private readonly model: string,
    private readonly apiKey?: string,
  ) {
    this.name = `openai:${model} at ${endpoint}`;
  }

  async complete(request: ModelRequest, onToken: (token: string) => void, signal: AbortSignal): Promise<ModelReply> {
    const url = this.endpoint.replace(/\/+$/, '') + (/\/chat\/completions$/.test(this.endpoint) ? '' : '/chat/completions');
    const response = await fetch(url, {
      method: 'POST',
      signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) },
      body: JSON.stringify({
        model: this.model,
        messages: request.messages,
        stream: true,
        stream_options: { include_usage: true },
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      }),
    });
    if (!response.ok) {
      const body = await response.text().catch(() => '');
      throw new Error(`${url} answered ${response.status} ${response.statusText}: ${body.slice(0, 300)}`);
    }
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('text/event-stream')) return this.fromJson((await response.json()) as CompletionJson);
    return this.fromStream(response, onToken);
  }

  private fromJson(json: CompletionJson): ModelReply {
    const text = json.choices?.[0]?.message?.content ?? '';
    return { text, model: json.model ?? this.model, usage: usageOf(json.usage) };
  }

  private async fromStream(response: Response, onToken: (token: string) => void): Promise<ModelReply> {
    const decoder = new TextDecoder();
    let buffer = '';
    let text = '';
    let model = this.model;
    let usage: ModelReply['usage'];
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, end).trim();
        buffer = buffer.slice(end + 1);
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') continue;
        let event: CompletionJson;
        try {
          event = JSON.parse(data) as CompletionJson;
        } catch {
          continue;
        }
        if (event.model) model = event.model;
        if (event.usage) usage = usageOf(event.usage);
        const token = event.choices?.[0]?.delta?.content;
        if (token) {
          text += token;
          onToken(token);
        }
      }
    }
    return { text, model, usage };
  }
}

interface CompletionJson {
  model?: string;
  choices?: Array<{ delta?: { content?: string }; message?: { content?: string } }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
}

function usageOf(u: CompletionJson['usage']): ModelReply['usage'] {
  return u ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens, totalTokens: u.total_tokens } : undefined;
}
