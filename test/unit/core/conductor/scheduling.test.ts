import * as assert from 'node:assert/strict';
import { Conductor, ConductorConfigSchema, compileMelody, createDefaultRegistry, scheduleOrder, toRunJson } from '../../../../src/core/conductor/index';
import type { Melody } from '../../../../src/core/melody/index';
import { jsonOf, link, melody, newTrace, node, testRegistry } from './test-operators';

function conductor(trace = newTrace(), concurrency = 1) {
  const registry = testRegistry(trace);
  return { trace, registry, c: new Conductor({ registry, workspaceRoot: process.cwd(), history: false, config: ConductorConfigSchema.parse({ concurrency }) }) };
}

describe('conductor: scheduling and item flow', () => {
  it('runs nodes in Kahn order, smallest ready id first', async () => {
    const { c, trace } = conductor();
    // d and b both depend on a only; c depends on b and d.
    const m = melody(
      [node('c', 'test.join'), node('d', 'test.pass'), node('a', 'test.pass'), node('b', 'test.pass')],
      [link('a', 'd'), link('a', 'b'), link('b', 'c', 0, 'left'), link('d', 'c', 0, 'right')],
    ) as Melody;
    const result = await c.run(m);
    assert.equal(result.status, 'Completed');
    assert.deepEqual(trace.order, ['a', 'b', 'd', 'c']);
    assert.deepEqual(result.order, ['a', 'b', 'd', 'c']);
    assert.deepEqual(scheduleOrder(compileMelody(m, testRegistry()).compiled!), ['a', 'b', 'd', 'c']);
  });

  it('routes items per output port and concatenates several connections into one input in connection order', async () => {
    const { c } = conductor(newTrace(), 4);
    const m = melody(
      [
        node('src', 'test.source', { params: { items: [{ n: 1, ok: true }, { n: 2, ok: false }, { n: 3, ok: true }] } }),
        node('route', 'test.route', { params: { field: 'ok' } }),
        node('sink', 'test.pass'),
      ],
      // "no" is connected first, so its items come first.
      [link('src', 'route'), link('route', 'sink', 'no'), link('route', 'sink', 'yes')],
    ) as Melody;
    const result = await c.run(m);
    assert.deepEqual(result.nodes.route!.outputs!.map(jsonOf), [[{ n: 1, ok: true }, { n: 3, ok: true }], [{ n: 2, ok: false }]]);
    assert.deepEqual(jsonOf(result.nodes.sink!.outputs![0]), [{ n: 2, ok: false }, { n: 1, ok: true }, { n: 3, ok: true }]);
  });

  it('with fanIn "perBranch" runs a node once per arriving branch, as n8n does, and its children once per run', async () => {
    const { c, trace } = conductor();
    const m = melody(
      [
        node('src', 'test.source', { params: { items: [{ n: 1, ok: true }, { n: 2, ok: false }, { n: 3, ok: true }] } }),
        node('route', 'test.route', { params: { field: 'ok' } }),
        node('sink', 'test.pass'),
        node('after', 'test.pass'),
      ],
      [link('src', 'route'), link('route', 'sink', 'yes'), link('route', 'sink', 'no'), link('sink', 'after')],
      { config: { fanIn: 'perBranch' } },
    ) as Melody;
    const result = await c.run(m);
    assert.equal(result.status, 'Completed');
    // n8n pushes a parent's outputs onto the front of its stack in output order, so output 1 runs first.
    const runs = result.nodes.sink!.runs!.map((run) => run.map(jsonOf));
    assert.deepEqual(runs, [[[{ n: 2, ok: false }]], [[{ n: 1, ok: true }, { n: 3, ok: true }]]]);
    assert.deepEqual(jsonOf(result.nodes.sink!.outputs![0]), [{ n: 1, ok: true }, { n: 3, ok: true }]);
    assert.equal(result.nodes.after!.runs!.length, 2);
    assert.equal(result.nodes.sink!.itemsIn, 3);
    assert.equal(trace.order.filter((id) => id === 'sink').length, 2);
    assert.deepEqual(toRunJson(result).nodes.sink!.runs, runs);
  });

  it('a join waits for all its inputs and keeps input port order whatever finishes first', async () => {
    const { c } = conductor(newTrace(), 4);
    const m = melody(
      [
        node('a', 'test.source', { params: { items: [{ from: 'a' }] } }),
        node('slow', 'test.slow', { params: { ms: 40 } }),
        node('fast', 'test.source', { params: { items: [{ from: 'fast' }] } }),
        node('join', 'test.join'),
      ],
      [link('a', 'slow'), link('slow', 'join', 0, 'left'), link('fast', 'join', 0, 'right')],
    ) as Melody;
    const result = await c.run(m);
    assert.equal(result.status, 'Completed');
    assert.deepEqual(jsonOf(result.nodes.join!.outputs![0]), [{ from: 'a' }, { from: 'fast' }]);
    assert.equal(result.order.at(-1), 'join');
  });

  it('skips a node that receives no items, and its descendants, with a reason (n8n runs no node without input)', async () => {
    const { c, trace } = conductor();
    const m = melody(
      [
        node('src', 'test.source', { params: { items: [{ ok: true }] } }),
        node('route', 'test.route', { params: { field: 'ok' } }),
        node('yes', 'test.pass'),
        node('no', 'test.pass'),
        node('after-no', 'test.pass'),
      ],
      [link('src', 'route'), link('route', 'yes', 'yes'), link('route', 'no', 'no'), link('no', 'after-no')],
    ) as Melody;
    const result = await c.run(m);
    assert.equal(result.status, 'Completed');
    assert.equal(result.nodes.yes!.state, 'Completed');
    assert.equal(result.nodes.no!.state, 'Skipped');
    assert.match(result.nodes.no!.reason!, /"route" output 1 sent none/);
    assert.equal(result.nodes['after-no']!.state, 'Skipped');
    assert.match(result.nodes['after-no']!.reason!, /upstream node "no" did not run/);
    assert.ok(!trace.order.includes('no'));
  });

  it('runs a join when only one of its inputs has items (Merge with one empty input still runs)', async () => {
    const { c } = conductor();
    const m = melody(
      [
        node('src', 'test.source', { params: { items: [{ ok: true }] } }),
        node('route', 'test.route', { params: { field: 'ok' } }),
        node('join', 'test.join'),
      ],
      [link('src', 'route'), link('route', 'join', 'yes', 'left'), link('route', 'join', 'no', 'right')],
    ) as Melody;
    const result = await c.run(m);
    assert.equal(result.nodes.join!.state, 'Completed');
    assert.deepEqual(jsonOf(result.nodes.join!.outputs![0]), [{ ok: true }]);
  });

  it('a disabled node passes the items of its first input through without running', async () => {
    const { c, trace } = conductor();
    const m = melody(
      [node('src', 'test.source', { params: { items: [{ v: 1 }] } }), node('off', 'test.set', { disabled: true, params: { fields: { v: 2 } } }), node('end', 'test.pass')],
      [link('src', 'off'), link('off', 'end')],
    ) as Melody;
    const result = await c.run(m);
    assert.deepEqual(jsonOf(result.nodes.end!.outputs![0]), [{ v: 1 }]);
    assert.ok(!trace.order.includes('off'));
  });

  it('gives nodes without inputs the run input (default: one empty item)', async () => {
    const { c } = conductor();
    const m = melody([node('a', 'test.set', { params: { fields: { x: 1 } } })], []) as Melody;
    assert.deepEqual(jsonOf((await c.run(m)).nodes.a!.outputs![0]), [{ x: 1 }]);
    assert.deepEqual(jsonOf((await c.run(m, { input: [{ y: 1 }, { y: 2 }] })).nodes.a!.outputs![0]), [{ y: 1, x: 1 }, { y: 2, x: 1 }]);
  });

  it('hands the run input to a start node that declares no input port (core.manual-trigger)', async () => {
    const registry = createDefaultRegistry();
    const c = new Conductor({ registry, workspaceRoot: process.cwd(), history: false });
    const m = melody([node('start', 'core.manual-trigger'), node('next', 'core.noop')], [link('start', 'next')]) as Melody;
    const given = await c.run(m, { input: [{ y: 1 }, { y: 2 }] });
    assert.deepEqual(jsonOf(given.nodes.start!.outputs![0]), [{ y: 1 }, { y: 2 }]);
    assert.deepEqual(jsonOf(given.nodes.next!.outputs![0]), [{ y: 1 }, { y: 2 }]);
    assert.deepEqual(jsonOf((await c.run(m)).nodes.start!.outputs![0]), [{}]);
  });

  it('defaults pairedItem to the same index when one input list has the same length, and never rewrites upstream items', async () => {
    const { c } = conductor();
    const m = melody(
      [node('src', 'test.source', { params: { items: [{ a: 1 }, { a: 2 }] } }), node('set', 'test.set', { params: { fields: { b: 1 } } }), node('pass', 'test.pass')],
      [link('src', 'set'), link('set', 'pass')],
    ) as Melody;
    const result = await c.run(m);
    assert.deepEqual(result.nodes.set!.outputs![0]!.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
    // The source had one input item (the run's), so all of its items pair with item 0.
    assert.deepEqual(result.nodes.src!.outputs![0]!.map((i) => i.pairedItem), [{ item: 0 }, { item: 0 }]);
    // An operator that set pairedItem itself is left alone.
    const routed = await c.run(melody([node('src', 'test.source', { params: { items: [{ ok: false }, { ok: true }] } }), node('r', 'test.route', { params: { field: 'ok' } })], [link('src', 'r')]) as Melody);
    assert.deepEqual(routed.nodes.r!.outputs![0]![0]!.pairedItem, { item: 1 });
  });

  it('runs a 100,000-node chain without a stack overflow', async function () {
    this.timeout(60000);
    const { c } = conductor();
    const nodes = [];
    const connections = [];
    for (let i = 0; i < 100_000; i++) {
      nodes.push(node(`n${i}`, i % 2 ? 'test.pass' : 'test.set', i % 2 ? {} : { disabled: i % 10 === 0 }));
      if (i) connections.push(link(`n${i - 1}`, `n${i}`));
    }
    const result = await c.run(melody(nodes, connections) as Melody);
    assert.equal(result.status, 'Completed');
    assert.equal(result.nodes.n99999!.state, 'Completed');
    assert.equal(result.order.length, 90_000);
  });

  it('skips a 100,000-node chain behind an empty branch without recursion', async function () {
    this.timeout(60000);
    const { c } = conductor();
    const nodes = [node('src', 'test.source', { params: { items: [{ ok: true }] } }), node('r', 'test.route', { params: { field: 'ok' } })];
    const connections = [link('src', 'r'), link('r', 'c0', 'no')];
    for (let i = 0; i < 100_000; i++) {
      nodes.push(node(`c${i}`, 'test.pass'));
      if (i) connections.push(link(`c${i - 1}`, `c${i}`));
    }
    const result = await c.run(melody(nodes, connections) as Melody);
    assert.equal(result.status, 'Completed');
    assert.equal(result.nodes.c99999!.state, 'Skipped');
  });
});
