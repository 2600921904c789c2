// An instrument sub-extension provides a model to the ai.* operators: the real extension host
// discovers the fixture instrument, the real sandbox runs its code, and ai.prompt's item carries
// what the instrument's model answered.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExtensionHost } from '../../../../../src/core/extensions';
import { aiAnalyze, aiPrompt } from '../../../../../src/core/operators/ai/ai-operators';
import { findInstrument, instrumentModels, withInstruments } from '../../../../../src/core/operators/ai/instrument-models';
import type { AiServices } from '../../../../../src/core/operators/ai/model-provider';
import { SandboxExtensionRuntime, SandboxRuntime } from '../../../../../src/core/sandbox';
import { PermissionGate } from '../../../../../src/core/security';
import { buildWorker, REPO_ROOT } from '../../sandbox/worker-bundle';
import { contextFor, run } from '../library/test-context';

const INSTRUMENTS = path.join(REPO_ROOT, 'test/fixtures/operators/instruments');

describe('instrument sub-extensions as models for the ai.* operators', function () {
  this.timeout(60_000);
  let workspace: string;
  let sandbox: SandboxRuntime;
  let host: ExtensionHost;
  const logs: string[] = [];

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-instrument-'));
    sandbox = new SandboxRuntime({ gate: new PermissionGate({ policy: 'permissive' }), workspaceRoot: workspace, launch: { workerPath: await buildWorker() } });
    host = new ExtensionHost({ roots: () => [{ dir: INSTRUMENTS, source: 'dir' }], runtime: new SandboxExtensionRuntime(sandbox), logFor: (id) => (level, message) => logs.push(`[${id}] ${level}: ${message}`) });
    const resolution = await host.refresh();
    assert.deepEqual(resolution.problems, []);
  });
  after(async () => {
    await host.dispose();
    sandbox.dispose();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('calls the command [model] names when it names one, else the first command of the instrument', () => {
    const manifestOf = (id: string) => structuredClone(host.get(id)!.manifest);
    const named = manifestOf('echo-model');
    named.commands.unshift({ id: 'echo-model.describe', title: 'Describe' });
    named.model!.command = 'echo-model.complete';
    const unnamed = manifestOf('mute-model');
    unnamed.commands.unshift({ id: 'mute-model.describe', title: 'Describe' });
    const list = () => [{ manifest: named }, { manifest: unnamed }] as unknown as ReturnType<typeof host.list>;
    assert.deepEqual(instrumentModels({ list }).map((m) => m.command), ['echo-model.complete', 'mute-model.describe']);
  });

  it('lists the model the instrument declares in [model], with its command', () => {
    assert.deepEqual(instrumentModels(host), [
      { extension: 'echo-model', provider: 'custom', model: 'echo-1', command: 'echo-model.complete' },
      { extension: 'mute-model', provider: 'custom', model: 'mute-1', command: 'mute-model.complete' },
    ]);
    const models = instrumentModels(host);
    assert.equal(findInstrument(models, { provider: 'instrument', model: 'echo-1' })?.extension, 'echo-model');
    assert.equal(findInstrument(models, { provider: 'instrument:echo-model' })?.model, 'echo-1');
    assert.equal(findInstrument(models, { provider: 'custom', model: 'echo-1' })?.extension, 'echo-model', "the instrument's own provider and model name route to it");
    assert.equal(findInstrument(models, { provider: 'openai', model: 'echo-1' }), undefined);
    assert.equal(findInstrument(models, { provider: 'instrument' }), undefined, 'with two instruments, "instrument" alone is ambiguous');
  });

  it('routes an ai.prompt node to the instrument: the prompt goes in, the text and token counts come out', async () => {
    assert.equal(host.get('echo-model')?.state, 'Loaded', 'the instrument starts only when a model call needs it');
    const ctx = contextFor(aiPrompt, workspace, { provider: 'instrument', model: 'echo-1', prompt: 'What is 2 + 2?', system: 'Be brief.', temperature: 0.7 }, { ai: withInstruments(host) });
    const [[item]] = (await aiPrompt.execute(ctx, [[{ json: {} }]], new AbortController().signal)) as [[{ json: { text: string; model: string; tokens: Record<string, number> } }]];
    assert.equal(item.json.text, 'echo-1 heard "What is 2 + 2?" as told "Be brief." at temperature 0.7');
    assert.equal(item.json.model, 'echo-1');
    // Prompt: "Be brief." (2 words) + "What is 2 + 2?" (5); completion: the 14 words of the reply.
    assert.deepEqual(item.json.tokens, { prompt: 7, completion: 14, total: 21 });
    assert.equal(host.get('echo-model')?.state, 'Active');
    assert.ok(ctx.logs.includes(`info: ${item.json.text}`), 'the reply reaches the run log');
  });

  it('follows conductor.json routing to the instrument when the node says "auto"', async () => {
    const ai: AiServices = withInstruments(host, { routeFor: (id) => (id === 'ai.analyze' ? { provider: 'instrument:echo-model', model: 'echo-1' } : undefined) });
    const [[item]] = (await run(aiAnalyze, workspace, { text: 'const x = 1', question: 'Any bugs?' }, [[{ json: {} }]], { ai })) as [[{ json: { analysis: string } }]];
    assert.match(item.json.analysis, /^echo-1 heard "Any bugs\?\n\n---\nconst x = 1" as told "You analyse text precisely\." at temperature 0\.2$/);
  });

  it('explains a route to an instrument that is not installed, naming the models on offer', async () => {
    await assert.rejects(run(aiPrompt, workspace, { provider: 'instrument', model: 'gpt-9', prompt: 'hi' }, [[{ json: {} }]], { ai: withInstruments(host) }), /Node 1: no installed instrument provides the model "gpt-9"; instruments offer: echo-1 \(echo-model\), mute-1 \(mute-model\)/);
  });

  it('says what an instrument must return when its command answers something else', async () => {
    await assert.rejects(
      run(aiPrompt, workspace, { provider: 'instrument', model: 'mute-1', prompt: 'hi' }, [[{ json: {} }]], { ai: withInstruments(host) }),
      /Node 1: the model \(instrument mute-model \(mute-1\)\) failed: mute-model\.complete returned 42; an instrument's model command must return \{ text, model\?, usage\? \} or a string/,
    );
  });

  it('stops waiting for the instrument when the run is cancelled', async () => {
    const controller = new AbortController();
    const ctx = contextFor(aiPrompt, workspace, { provider: 'instrument', model: 'echo-1', prompt: 'slowly, please' }, { ai: withInstruments(host) });
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('cancelled by the user')), 200);
    await assert.rejects(aiPrompt.execute(ctx, [[{ json: {} }]], controller.signal), /cancelled by the user/);
    assert.ok(Date.now() - started < 2500, `the operator waited ${Date.now() - started} ms for a model that takes 3 s`);
  });
});
