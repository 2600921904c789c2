import * as assert from 'node:assert/strict';
import { Conductor, ConductorConfigSchema, type RunEvent, type RunStatus } from '../../../../src/core/conductor/index';
import type { Melody } from '../../../../src/core/melody/index';
import { jsonOf, link, melody, newTrace, node, testRegistry } from './test-operators';

function setup(concurrency = 1) {
  const trace = newTrace();
  const c = new Conductor({ registry: testRegistry(trace), workspaceRoot: process.cwd(), history: false, config: ConductorConfigSchema.parse({ concurrency }) });
  return { c, trace };
}

const chain = melody(
  [node('a', 'test.source', { params: { items: [{ v: 1 }] } }), node('b', 'test.slow', { params: { ms: 30 } }), node('c', 'test.set', { params: { fields: { c: true } } }), node('d', 'test.pass')],
  [link('a', 'b'), link('b', 'c'), link('c', 'd')],
) as Melody;

describe('conductor: pause, resume, run from node, events', () => {
  it('pause stops starting nodes until resume; the run then completes', async () => {
    const { c, trace } = setup();
    const run = c.createRun(chain);
    const states: RunStatus[] = [];
    run.onDidEmit((e) => {
      if (e.type === 'runStateChanged') states.push(e.status);
      if (e.type === 'nodeStarted' && e.nodeId === 'b') run.pause();
    });
    const done = run.execute();
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(run.status, 'Paused');
    assert.deepEqual(trace.order, ['a', 'b'], 'b finished while paused, c did not start');
    run.resume();
    const result = await done;
    assert.equal(result.status, 'Completed');
    assert.deepEqual(trace.order, ['a', 'b', 'c', 'd']);
    assert.deepEqual(states, ['Running', 'Paused', 'Running', 'Completed']);
  });

  it('cancel while paused ends the run as Cancelled', async () => {
    const { c } = setup();
    const run = c.createRun(chain);
    run.onDidEmit((e) => e.type === 'nodeCompleted' && e.nodeId === 'a' && run.pause());
    const done = run.execute();
    await new Promise((r) => setTimeout(r, 20));
    run.cancel();
    const result = await done;
    assert.equal(result.status, 'Cancelled');
    assert.equal(result.nodes.d!.state, 'Skipped');
  });

  it('runs from a node, reusing the outputs of the nodes before it', async () => {
    const { c, trace } = setup();
    const first = await c.run(chain);
    trace.order.length = 0;
    const again = await c.run(chain, { fromNode: 'c', previous: first });
    assert.equal(again.status, 'Completed');
    assert.deepEqual(trace.order, ['c', 'd']);
    assert.equal(again.nodes.a!.reused, true);
    assert.equal(again.nodes.b!.reused, true);
    assert.equal(again.nodes.c!.reused, undefined);
    assert.deepEqual(jsonOf(again.nodes.d!.outputs![0]), [{ v: 1, c: true }]);
  });

  it('run from node runs upstream nodes that have no earlier output', async () => {
    const { c, trace } = setup();
    const again = await c.run(chain, { fromNode: 'c', previous: { nodes: {} } });
    assert.equal(again.status, 'Completed');
    assert.deepEqual(trace.order, ['a', 'b', 'c', 'd']);
  });

  it('run from an unknown node fails clearly', async () => {
    const { c } = setup();
    const result = await c.run(chain, { fromNode: 'zz' });
    assert.equal(result.status, 'Failed');
    assert.match(result.error!.message, /no such node/);
  });

  it('emits run and node events with item counts and durations, in order', async () => {
    const { c } = setup();
    const events: RunEvent[] = [];
    await c.run(chain, { onEvent: (e) => events.push(e) });
    const kinds = events.map((e) => ('nodeId' in e ? `${e.type}:${e.nodeId}` : e.type));
    assert.deepEqual(kinds, [
      'runStarted', 'runStateChanged',
      'nodeStarted:a', 'nodeCompleted:a', 'nodeStarted:b', 'nodeCompleted:b', 'nodeStarted:c', 'nodeCompleted:c', 'nodeStarted:d', 'nodeCompleted:d',
      'runStateChanged', 'runFinished',
    ]);
    const b = events.find((e) => e.type === 'nodeCompleted' && e.nodeId === 'b') as Extract<RunEvent, { type: 'nodeCompleted' }>;
    assert.equal(b.itemsIn, 1);
    assert.deepEqual(b.itemsOut, [1]);
    assert.ok(b.durationMs >= 25);
  });

  it('runs independent branches in parallel up to the concurrency limit', async () => {
    const branches = (n: number) => melody(
      [node('src', 'test.source', { params: { items: [{}] } }), ...Array.from({ length: n }, (_, i) => node(`s${i}`, 'test.slow', { params: { ms: 60 } }))],
      Array.from({ length: n }, (_, i) => link('src', `s${i}`)),
    ) as Melody;
    let running = 0;
    let peak = 0;
    const track = (e: RunEvent) => {
      if (e.type === 'nodeStarted') peak = Math.max(peak, ++running);
      if (e.type === 'nodeCompleted') running--;
    };
    await setup(3).c.run(branches(6), { onEvent: track });
    assert.equal(peak, 3);
    peak = running = 0;
    const t0 = Date.now();
    await setup(6).c.run(branches(6), { onEvent: track });
    assert.equal(peak, 6);
    assert.ok(Date.now() - t0 < 60 * 6, 'branches overlapped');
  });

  it('an operator that asks for input puts the run in WaitingForInput until the answer arrives', async () => {
    const { c } = setup();
    const m = melody([node('ask', 'test.ask'), node('after', 'test.pass')], [link('ask', 'after')]) as Melody;
    const run = c.createRun(m);
    const states: RunStatus[] = [];
    run.onDidEmit((e) => {
      if (e.type === 'runStateChanged') states.push(e.status);
      if (e.type === 'inputRequested') {
        assert.equal(e.prompt, 'Your name?');
        setTimeout(() => assert.ok(run.provideInput(e.requestId, 'Ada')), 10);
      }
    });
    const result = await run.execute();
    assert.equal(result.status, 'Completed');
    assert.deepEqual(jsonOf(result.nodes.after!.outputs![0]), [{ answer: 'Ada' }]);
    assert.deepEqual(states, ['Running', 'WaitingForInput', 'Running', 'Completed']);
  });

  it('answerInput answers requests (a headless run can refuse them)', async () => {
    const { c } = setup();
    const m = melody([node('ask', 'test.ask')], []) as Melody;
    const refused = await c.run(m, { answerInput: async () => Promise.reject(new Error('no one to ask')) });
    assert.equal(refused.status, 'Failed');
    assert.match(refused.nodes.ask!.error!.message, /no one to ask/);
    const answered = await c.run(m, { answerInput: async (r) => `hi ${r.nodeId}` });
    assert.deepEqual(jsonOf(answered.nodes.ask!.outputs![0]), [{ answer: 'hi ask' }]);
  });
});
