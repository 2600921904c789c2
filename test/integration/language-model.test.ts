// ai.prompt through VS Code's Language Model API in a real VS Code: a second development
// extension (test/fixtures/integration/lm-test-model) registers a model with
// vscode.lm.registerLanguageModelChatProvider, and Symphony's provider streams its answer.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import type { RunResult } from '../../src/core/conductor';
import { aiPrompt } from '../../src/core/operators/ai/ai-operators';
import type { AiServices } from '../../src/core/operators/ai/model-provider';
import type { SymphonyApi } from '../../src/host/extension';
import { isVsCodeModelRoute, vscodeModelProvider } from '../../src/host/operators/vscode-model-provider';
import { contextFor } from '../unit/core/operators/library/test-context';

interface TestModelExports {
  registered: boolean;
  reason?: string;
  requests: Array<{ messages: Array<{ role: number; text: string }>; modelOptions: Record<string, unknown> }>;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('ai.prompt through vscode.lm with a registered test model', function () {
  this.timeout(60_000);
  let model: TestModelExports;
  const ai: AiServices = { provider: (route) => (isVsCodeModelRoute(route.provider) ? vscodeModelProvider(route.model) : undefined) };

  before(async () => {
    const ext = vscode.extensions.getExtension<TestModelExports>('symphony-test.lm-test-model');
    assert.ok(ext, 'run-in-code-server.ts loads test/fixtures/integration/lm-test-model as a second extension development path');
    model = await ext.activate();
    assert.ok(model.registered, model.reason);
  });
  beforeEach(() => (model.requests.length = 0));

  it('offers the registered model to selectChatModels', async () => {
    const found = await vscode.lm.selectChatModels({ vendor: 'symphony-test' });
    assert.deepEqual(found.map((m) => [m.vendor, m.family, m.name]), [['symphony-test', 'symphony-echo', 'Symphony Test Echo']]);
  });

  it('streams the answer token by token and counts tokens with the model', async () => {
    const chunks: string[] = [];
    const reply = await vscodeModelProvider('symphony-echo').complete({ messages: [{ role: 'user', content: 'one two three' }], temperature: 0.3 }, (t) => chunks.push(t), new AbortController().signal);
    assert.deepEqual(chunks, ['echo:', ' one', ' two', ' three']);
    assert.equal(reply.text, 'echo: one two three');
    assert.deepEqual(reply.usage, { promptTokens: 3, completionTokens: 4, totalTokens: 7 });
    assert.deepEqual(model.requests[0]!.modelOptions, { temperature: 0.3 }, 'the sampling settings reach the model');
  });

  it('ai.prompt puts the streamed text and the token counts in its item and the run log', async () => {
    const ctx = contextFor(aiPrompt, '.', { provider: 'vscode', model: 'symphony-echo', prompt: 'Summarise the changes', system: 'Be short.' }, { ai });
    const [[item]] = (await aiPrompt.execute(ctx, [[{ json: {} }]], new AbortController().signal)) as [[{ json: { text: string; model: string; tokens: Record<string, number> } }]];
    assert.equal(item.json.text, 'echo: Summarise the changes');
    assert.equal(item.json.model, 'symphony-test-echo');
    // The stable API has no system role: "Instructions: Be short." (3 words) + the prompt (3).
    assert.deepEqual(item.json.tokens, { prompt: 6, completion: 4, total: 10 });
    assert.deepEqual(model.requests[0]!.messages.map((m) => m.text), ['Instructions: Be short.', 'Summarise the changes']);
    assert.ok(ctx.logs.includes('info: echo: Summarise the changes'), ctx.logs.join('\n'));
  });

  it('runs a melody whose ai.prompt node asks the VS Code model, through the editor\'s own services', async () => {
    const symphony = vscode.extensions.getExtension<SymphonyApi>(`${pkg.publisher}.${pkg.name}`);
    assert.ok(symphony, `Symphony is not loaded; extensions: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
    await symphony.activate();
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const file = path.join(root, 'melodies', 'ask-the-editor-model.melody');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const melody = {
      format: 'melody/1',
      name: 'Ask the editor model',
      nodes: [
        { id: 'start', operator: 'core.manual-trigger', position: { x: 0, y: 0 }, params: {} },
        { id: 'ask', operator: 'ai.prompt', position: { x: 240, y: 0 }, params: { provider: 'vscode', model: 'symphony-echo', prompt: 'hello from a melody' } },
      ],
      connections: [{ from: { node: 'start', port: 'main' }, to: { node: 'ask', port: 'main' } }],
    };
    fs.writeFileSync(file, JSON.stringify(melody, null, 2));
    const result = await vscode.commands.executeCommand<RunResult>('symphony.runMelody', vscode.Uri.file(file));
    assert.equal(result?.status, 'Completed', JSON.stringify(result?.error ?? result?.nodes));
    const json = result.nodes.ask!.outputs![0]![0]!.json;
    assert.equal(json.text, 'echo: hello from a melody');
    assert.deepEqual(json.tokens, { prompt: words('hello from a melody'), completion: 5, total: 9 });
  });
});
