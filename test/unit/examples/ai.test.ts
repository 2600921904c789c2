import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { type ChatServer, startChatServer } from './chat-completions-server';
import { copyExamples, describeRun, type ExampleWorkspace, itemsByNode, runMelody } from './examples-workspace';

/** The model's answer: "<Area>: <Change>." from "… this <area> change: <change>". */
function releaseNote(prompt: string): string {
  const m = /this (\w+) change: (.+)$/.exec(prompt);
  if (!m) return 'I did not understand.';
  const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  return `${cap(m[1]!)}: ${cap(m[2]!)}.`;
}

/** Points the example's "default" model route at the test server, as a user points it at Ollama. */
function routeTo(ws: ExampleWorkspace, endpoint: string): void {
  const file = path.join(ws.dir, '.symphony/conductor.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { models: Record<string, { endpoint: string; model: string; provider: string }> };
  assert.deepEqual(config.models.default, { provider: 'openai', endpoint: 'http://127.0.0.1:11434/v1', model: 'llama3.2' }, 'the example routes to a local Ollama by default');
  config.models.default!.endpoint = endpoint;
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
}

describe('examples/ai.melody', () => {
  let ws: ExampleWorkspace;
  let server: ChatServer;
  beforeEach(async () => {
    ws = copyExamples();
    server = await startChatServer(releaseNote);
  });
  afterEach(async () => {
    ws.cleanup();
    await server.close();
  });

  it('asks the model routed in .symphony/conductor.json, streaming, and outputs the replies with token counts', async () => {
    routeTo(ws, server.endpoint);
    const run = await runMelody(ws.dir, 'ai.melody');
    assert.equal(run.code, 0, describeRun(run));
    const changes = [
      { area: 'board', change: 'nodes can be duplicated with Ctrl+D' },
      { area: 'cli', change: 'symphony run accepts n8n workflows' },
    ];
    assert.deepEqual(itemsByNode(run), {
      start: [[{}]],
      changes: [[{ changes }]],
      split: [changes],
      note: [[
        { text: 'Board: Nodes can be duplicated with Ctrl+D.', model: 'llama3.2', tokens: { prompt: 23, completion: 7, total: 30 } },
        { text: 'Cli: Symphony run accepts n8n workflows.', model: 'llama3.2', tokens: { prompt: 22, completion: 6, total: 28 } },
      ]],
      notes: [[
        { area: 'board', note: 'Board: Nodes can be duplicated with Ctrl+D.', tokens: 30 },
        { area: 'cli', note: 'Cli: Symphony run accepts n8n workflows.', tokens: 28 },
      ]],
    });
    assert.deepEqual(server.requests.map((r) => r.body), changes.map((c) => ({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'You write release notes: one short sentence, no preamble.' },
        { role: 'user', content: `Write the release note for this ${c.area} change: ${c.change}` },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      max_tokens: 60,
    })));
  });

  it('fails the AI node with the model named when the endpoint does not answer', async () => {
    const unused = server.endpoint;
    await server.close();
    routeTo(ws, unused);
    const run = await runMelody(ws.dir, 'ai.melody');
    assert.equal(run.code, 1);
    assert.equal(run.nodes.note!.state, 'Failed');
    assert.equal(run.nodes.note!.error?.code, 'ModelFailed');
    assert.match(run.nodes.note!.error!.message, /^Write release note: the model \(openai:llama3\.2 at http:\/\/127\.0\.0\.1:\d+\/v1\) failed: fetch failed \(ECONNREFUSED\) — is the model server running/);
    server = await startChatServer(releaseNote); // afterEach closes one
  });
});
