// A tiny OpenAI-compatible server on 127.0.0.1 for the AI example: POST /v1/chat/completions with
// `stream: true` answers in server-sent events, a word per event, then a usage event and [DONE],
// as Ollama, llama.cpp and hosted endpoints do. Replies are computed from the prompt, so a test
// knows them in advance.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One chat request the server received. */
export interface ChatRequest {
  path: string;
  body: { model: string; messages: Array<{ role: string; content: string }>; stream?: boolean; temperature?: number; max_tokens?: number };
}

export interface ChatServer {
  /** The base URL to put in conductor.json, e.g. http://127.0.0.1:PORT/v1. */
  endpoint: string;
  requests: ChatRequest[];
  close(): Promise<void>;
}

/**
 * Starts the server. `reply` turns the last user message into the answer; token counts are
 * words (prompt: every message's words; completion: the streamed pieces).
 */
export async function startChatServer(reply: (prompt: string) => string): Promise<ChatServer> {
  const requests: ChatRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
        return;
      }
      const body = JSON.parse(raw) as ChatRequest['body'];
      requests.push({ path: req.url, body });
      const prompt = [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
      const pieces = reply(prompt).split(/(?<= )/);
      const promptTokens = body.messages.reduce((n, m) => n + m.content.split(/\s+/).filter(Boolean).length, 0);
      const event = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
      const base = { id: 'chatcmpl-example', object: 'chat.completion.chunk', created: 1_700_000_000, model: body.model };
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      event({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
      for (const piece of pieces) event({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
      event({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
      event({ ...base, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: pieces.length, total_tokens: promptTokens + pieces.length } });
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}/v1`, requests, close: () => new Promise((r) => server.close(() => r())) };
}
