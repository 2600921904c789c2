import * as assert from 'node:assert/strict';
import { Conductor, ConductorConfigSchema, type RunEvent } from '../../../../src/core/conductor/index';
import type { Melody } from '../../../../src/core/melody/index';
import { jsonOf, link, melody, newTrace, node, testRegistry } from './test-operators';

function setup(config: Record<string, unknown> = {}) {
  const trace = newTrace();
  const c = new Conductor({ registry: testRegistry(trace), workspaceRoot: process.cwd(), history: false, config: ConductorConfigSchema.parse(config) });
  return { c, trace };
}

const src = node('src', 'test.source', { params: { items: [{ v: 1 }, { v: 2 }] } });

describe('conductor: failure strategies, timeouts, cancellation', () => {
  it('halt (the default) fails the run, names the node, and does not start the rest', async () => {
    const { c, trace } = setup();
    const m = melody([src, node('bad', 'test.fail'), node('after', 'test.pass')], [link('src', 'bad'), link('bad', 'after')]) as Melody;
    const result = await c.run(m);
    assert.equal(result.status, 'Failed');
    assert.equal(result.error?.nodeId, 'bad');
    assert.equal(result.nodes.bad!.state, 'Failed');
    assert.equal(result.nodes.bad!.error?.code, 'Boom');
    assert.equal(result.nodes.after!.state, 'Skipped');
    assert.match(result.nodes.after!.reason!, /run stopped/);
    assert.ok(!trace.order.includes('after'));
  });

  it('retry runs the node again with backoff and succeeds on a later attempt', async () => {
    const { c, trace } = setup();
    const m = melody([src, node('flaky', 'test.fail', { params: { times: 2 }, onError: { strategy: 'retry', retries: 3, backoffMs: 20, backoffFactor: 2 } })], [link('src', 'flaky')]) as Melody;
    const events: RunEvent[] = [];
    const t0 = Date.now();
    const result = await c.run(m, { onEvent: (e) => events.push(e) });
    assert.equal(result.status, 'Completed');
    assert.equal(result.nodes.flaky!.attempts, 3);
    assert.equal(trace.attempts.get('flaky'), 3);
    const retries = events.filter((e) => e.type === 'nodeFailed') as Array<Extract<RunEvent, { type: 'nodeFailed' }>>;
    assert.deepEqual(retries.map((e) => [e.willRetry, e.retryInMs]), [[true, 20], [true, 40]]);
    assert.ok(Date.now() - t0 >= 55, 'waited 20 + 40 ms between attempts');
  });

  it('retry gives up after its count and then halts', async () => {
    const { c, trace } = setup();
    const m = melody([src, node('bad', 'test.fail', { onError: { strategy: 'retry', retries: 2, backoffMs: 0 } })], [link('src', 'bad')]) as Melody;
    const result = await c.run(m);
    assert.equal(result.status, 'Failed');
    assert.equal(trace.attempts.get('bad'), 3);
  });

  it('retry takes missing numbers from conductor.json', async () => {
    const { c, trace } = setup({ retry: { retries: 1, backoffMs: 0 } });
    const m = melody([src, node('bad', 'test.fail', { onError: { strategy: 'retry' } })], [link('src', 'bad')]) as Melody;
    await c.run(m);
    assert.equal(trace.attempts.get('bad'), 2);
  });

  it('fallback completes the node with its input items plus the error on the fallback port', async () => {
    const { c } = setup();
    const m = melody([src, node('bad', 'test.fail', { onError: { strategy: 'fallback' } }), node('after', 'test.pass')], [link('src', 'bad'), link('bad', 'after')]) as Melody;
    const result = await c.run(m);
    assert.equal(result.status, 'Completed');
    assert.equal(result.nodes.bad!.state, 'Completed');
    assert.equal(result.nodes.bad!.error?.code, 'Boom');
    const error = { code: 'Boom', message: 'node bad failed on purpose' };
    assert.deepEqual(jsonOf(result.nodes.after!.outputs![0]), [{ v: 1, error }, { v: 2, error }]);
  });

  it('fallback with fixed output items emits those', async () => {
    const { c } = setup();
    const m = melody([src, node('bad', 'test.fail', { onError: { strategy: 'fallback', output: [{ fallback: true }] } })], [link('src', 'bad')]) as Melody;
    assert.deepEqual(jsonOf((await c.run(m)).nodes.bad!.outputs![0]), [{ fallback: true }]);
  });

  it('skip marks a non-critical node Skipped and lets independent branches finish', async () => {
    const { c } = setup();
    const m = melody(
      [src, node('bad', 'test.fail', { onError: { strategy: 'skip' } }), node('behind', 'test.pass'), node('other', 'test.pass')],
      [link('src', 'bad'), link('bad', 'behind'), link('src', 'other')],
    ) as Melody;
    const result = await c.run(m);
    assert.equal(result.status, 'Completed');
    assert.equal(result.nodes.bad!.state, 'Skipped');
    assert.match(result.nodes.bad!.reason!, /failed and skipped/);
    assert.equal(result.nodes.behind!.state, 'Skipped');
    assert.equal(result.nodes.other!.state, 'Completed');
  });

  it('skip does not apply to a critical node: the run halts', async () => {
    const { c } = setup();
    const m = melody([src, node('bad', 'test.fail', { critical: true, onError: { strategy: 'skip' } })], [link('src', 'bad')]) as Melody;
    const result = await c.run(m);
    assert.equal(result.status, 'Failed');
    assert.match(result.error!.message, /critical/);
  });

  it('a node timeout aborts the operator and counts as a failure (retry applies)', async () => {
    const { c, trace } = setup();
    const m = melody([src, node('slow', 'test.slow', { params: { ms: 5000, ignoreSignal: true }, timeoutMs: 30, onError: { strategy: 'retry', retries: 1, backoffMs: 0 } })], [link('src', 'slow')]) as Melody;
    const t0 = Date.now();
    const result = await c.run(m);
    assert.ok(Date.now() - t0 < 2000);
    assert.equal(result.status, 'Failed');
    assert.equal(result.nodes.slow!.error?.code, 'Timeout');
    assert.equal(trace.attempts.get('slow'), 2);
    assert.equal(trace.signals.get('slow')!.aborted, true);
  });

  it('a run timeout stops the whole run', async () => {
    const { c } = setup({ timeouts: { runMs: 40 } });
    const m = melody([src, node('slow', 'test.slow', { params: { ms: 5000 } }), node('after', 'test.pass')], [link('src', 'slow'), link('slow', 'after')]) as Melody;
    const t0 = Date.now();
    const result = await c.run(m);
    assert.ok(Date.now() - t0 < 2000);
    assert.equal(result.status, 'Failed');
    assert.equal(result.error?.code, 'RunTimeout');
    assert.equal(result.nodes.slow!.state, 'Failed');
    assert.equal(result.nodes.after!.state, 'Skipped');
  });

  it('an AbortSignal cancels the run, aborts running operators, even ones that ignore it', async () => {
    const { c, trace } = setup({ concurrency: 2 });
    const controller = new AbortController();
    const m = melody(
      [src, node('a', 'test.slow', { params: { ms: 5000 } }), node('b', 'test.slow', { params: { ms: 5000, ignoreSignal: true } }), node('c', 'test.pass')],
      [link('src', 'a'), link('src', 'b'), link('a', 'c')],
    ) as Melody;
    setTimeout(() => controller.abort(), 30);
    const t0 = Date.now();
    const result = await c.run(m, { signal: controller.signal });
    assert.ok(Date.now() - t0 < 2000);
    assert.equal(result.status, 'Cancelled');
    assert.equal(result.nodes.a!.state, 'Failed');
    assert.equal(result.nodes.a!.error?.code, 'Cancelled');
    assert.equal(result.nodes.c!.state, 'Skipped');
    assert.equal(trace.signals.get('a')!.aborted, true);
  });

  it('an invalid melody does not run and reports its diagnostics', async () => {
    const { c, trace } = setup();
    const result = await c.run(melody([node('a', 'test.nope')], []) as Melody);
    assert.equal(result.status, 'Failed');
    assert.equal(result.error?.code, 'InvalidMelody');
    assert.equal(result.diagnostics[0]?.code, 'UnknownOperator');
    assert.equal(trace.order.length, 0);
  });

  it('evaluates expressions per item, and a broken expression fails the node naming the parameter', async () => {
    const { c } = setup();
    const ok = await c.run(melody([src, node('a', 'test.set', { params: { fields: { double: '={{ $json.v * 2 }}', first: "={{ $('src').first().json.v }}" } } })], [link('src', 'a')]) as Melody);
    assert.deepEqual(jsonOf(ok.nodes.a!.outputs![0]), [{ v: 1, double: 2, first: 1 }, { v: 2, double: 4, first: 1 }]);
    const bad = await c.run(melody([src, node('a', 'test.set', { params: { fields: { x: '={{ $json.v * }}' } } })], [link('src', 'a')]) as Melody);
    assert.equal(bad.status, 'Failed');
    assert.equal(bad.nodes.a!.error?.code, 'ExpressionError');
    assert.match(String(bad.nodes.a!.error?.details?.parameter), /^fields/);
  });

  it('retry then skip / then fallback applies after the last attempt', async () => {
    const { c, trace } = setup();
    const skipped = await c.run(melody([src, node('bad', 'test.fail', { onError: { strategy: 'retry', retries: 1, backoffMs: 0, then: 'skip' } })], [link('src', 'bad')]) as Melody);
    assert.equal(skipped.status, 'Completed');
    assert.equal(skipped.nodes.bad!.state, 'Skipped');
    assert.equal(trace.attempts.get('bad'), 2);
    const fell = await c.run(melody([src, node('worse', 'test.fail', { onError: { strategy: 'retry', retries: 1, backoffMs: 0, then: 'fallback', output: [{ ok: false }] } })], [link('src', 'worse')]) as Melody);
    assert.equal(fell.nodes.worse!.state, 'Completed');
    assert.equal(fell.nodes.worse!.attempts, 2);
    assert.deepEqual(jsonOf(fell.nodes.worse!.outputs![0]), [{ ok: false }]);
  });

  it('alwaysOutputData turns an empty output into one empty item, so downstream nodes run', async () => {
    const { c } = setup();
    const m = melody(
      [node('src', 'test.source', { params: { items: [] }, alwaysOutputData: true }), node('after', 'test.set', { params: { fields: { ran: true } } })],
      [link('src', 'after')],
    ) as Melody;
    const result = await c.run(m);
    assert.deepEqual(jsonOf(result.nodes.after!.outputs![0]), [{ ran: true }]);
    const without = await c.run(melody([node('src', 'test.source', { params: { items: [] } }), node('after', 'test.pass')], [link('src', 'after')]) as Melody);
    assert.equal(without.nodes.after!.state, 'Skipped');
  });
});
