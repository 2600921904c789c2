import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { aiAnalyze, aiGenerateCode, aiPrompt } from '../../../../../src/core/operators/ai/ai-operators';
import type { AiServices } from '../../../../../src/core/operators/ai/model-provider';
import { contextFor, run } from './test-context';

/** A small OpenAI-compatible server: streams the reply word by word, or answers in one JSON body. */
function modelServer(reply: (prompt: string) => string) {
  const requests: Array<{ auth?: string; body: { model: string; stream: boolean; messages: Array<{ role: string; content: string }> } }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw);
      requests.push({ auth: req.headers.authorization, body });
      if (req.url !== '/v1/chat/completions') return void res.writeHead(404).end('{"error":"not found"}');
      const text = reply(body.messages.at(-1).content);
      if (req.headers['x-no-stream']) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ model: body.model, choices: [{ message: { content: text } }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const word of text.split(/(?<= )/)) res.write(`data: ${JSON.stringify({ model: body.model, choices: [{ delta: { content: word } }] })}\n\n`);
      res.write(`data: ${JSON.stringify({ model: body.model, choices: [], usage: { prompt_tokens: 7, completion_tokens: text.split(' ').length, total_tokens: 7 + text.split(' ').length } })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  return { server, requests };
}

describe('AI operators against an OpenAI-compatible server on 127.0.0.1', () => {
  const { server, requests } = modelServer((p) => (p.includes('code') ? 'Here:\n```ts\nexport const x = 1;\n```\n' : p.includes('JSON') || p.includes('bugs') ? '{"bugs": 0}' : `echo: ${p}`));
  let endpoint: string;
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => (requests.length = 0));

  it('streams the reply to the run log and reports token counts', async () => {
    const ctx = contextFor(aiPrompt, '.', { provider: 'openai', endpoint, model: 'tiny', prompt: 'hello there model' });
    const [[item]] = (await aiPrompt.execute(ctx, [[]], new AbortController().signal)) as [[{ json: { text: string; model: string; tokens: { total: number } } }]];
    assert.equal(item.json.text, 'echo: hello there model');
    assert.equal(item.json.model, 'tiny');
    assert.equal(item.json.tokens.total, 11);
    assert.equal(requests[0]!.body.stream, true);
    assert.ok(ctx.logs.some((l) => l.includes('echo: hello there model')));
  });

  it('routes through conductor.json when the node says "auto", with the key from secrets', async () => {
    const ai: AiServices = { routeFor: (id) => (id === 'ai.prompt' ? { provider: 'openai', endpoint, model: 'routed', keyName: 'llm' } : undefined) };
    const [[item]] = (await run(aiPrompt, '.', { prompt: 'hi' }, [[]], { ai, getSecret: async () => 'k-123' })) as [[{ json: { model: string } }]];
    assert.equal(item.json.model, 'routed');
    assert.equal(requests[0]!.auth, 'Bearer k-123');
  });

  it('returns just the code for ai.generate-code, and parsed JSON for ai.analyze', async () => {
    const [[gen]] = (await run(aiGenerateCode, '.', { provider: 'openai', endpoint, model: 'm', instructions: 'write code for x' })) as [[{ json: { code: string } }]];
    assert.equal(gen.json.code, 'export const x = 1;');
    const [[an]] = (await run(aiAnalyze, '.', { provider: 'openai', endpoint, model: 'm', text: 'diff', format: 'json' })) as [[{ json: { analysis: { bugs: number } } }]];
    assert.deepEqual(an.json.analysis, { bugs: 0 });
  });

  it('explains a missing model configuration and a failing endpoint', async () => {
    await assert.rejects(run(aiPrompt, '.', { prompt: 'x' }), /no model is configured.*conductor\.json/);
    await assert.rejects(run(aiPrompt, '.', { provider: 'vscode', prompt: 'x' }), /only inside the editor/);
    await assert.rejects(run(aiPrompt, '.', { provider: 'openai', endpoint: endpoint.replace('/v1', '/nope'), model: 'm', prompt: 'x' }), /model \(openai:m at http:\/\/127\.0\.0\.1:\d+\/nope\) failed: .*404/);
  });
});

describe('AI operators without a model server', () => {
  it('names the endpoint and says the server is not running', async () => {
    // A port that was just free: nothing listens there.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await assert.rejects(
      run(aiPrompt, '.', { provider: 'openai', endpoint: `http://127.0.0.1:${port}/v1`, model: 'm', prompt: 'x' }),
      /openai:m at http:\/\/127\.0\.0\.1:\d+\/v1\) failed: fetch failed \(ECONNREFUSED\) — is the model server running/,
    );
  });
});
