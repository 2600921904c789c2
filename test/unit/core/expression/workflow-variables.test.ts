import assert from 'node:assert/strict';
import type { Item } from '../../../../src/core/operators/operator';
import { evaluateExpression, evaluateParameter, ExpressionError, type ExpressionScope, type NodeRunRecord } from '../../../../src/core/expression';
import { runOf, scopeOf } from './make-scope';

/**
 * The node-reference fixture's run, built by hand: Seed (one item) → Split Out (three items, each
 * paired to Seed's item 0) → Enrich (the node being evaluated, fed by Split Out).
 */
function nodeReferenceRun() {
  const trigger: NodeRunRecord = { id: 'trigger', name: 'When clicking ‘Execute workflow’', sources: [], outputs: [[{ json: {} }]] };
  const seedItem: Item = {
    json: { company: 'Northwind', currency: 'EUR', items: [{ sku: 'A-1', price: 10 }, { sku: 'B-2', price: 25 }, { sku: 'C-3', price: 7.5 }] },
    pairedItem: { item: 0 },
  };
  const seed: NodeRunRecord = { id: 'c66ad435', name: 'Seed', sources: [{ node: 'trigger', output: 0 }], outputs: [[seedItem]] };
  const split: NodeRunRecord = {
    id: 'f798b30c',
    name: 'Split Out',
    sources: [{ node: 'c66ad435', output: 0 }],
    outputs: [[{ sku: 'A-1', price: 10 }, { sku: 'B-2', price: 25 }, { sku: 'C-3', price: 7.5 }].map((json) => ({ json, pairedItem: { item: 0 } }))],
  };
  const records = [trigger, seed, split];
  const scope = (itemIndex: number): ExpressionScope => ({
    run: runOf(records),
    node: { id: '7ca1bd65', name: 'Enrich' },
    inputs: [split.outputs[0]!],
    sources: [{ node: 'f798b30c', output: 0 }],
    itemIndex,
    now: new Date('2024-01-01T00:00:00Z'),
  });
  return { records, scope };
}

describe('workflow variables', () => {
  it('reproduces the node-reference fixture (n8n 2.41.1 results)', () => {
    const { scope } = nodeReferenceRun();
    const assignments = {
      company: "={{ $('Seed').item.json.company }}",
      label: "={{ $json.sku }} costs {{ $json.price }} {{ $('Seed').first().json.currency }}",
      skuFromSplit: '={{ $node["Split Out"].json.sku }}',
    };
    const results = [0, 1, 2].map((i) => evaluateParameter(assignments, scope(i), { nodeId: 'Enrich', parameter: 'assignments' }));
    assert.deepEqual(results, [
      { company: 'Northwind', label: 'A-1 costs 10 EUR', skuFromSplit: 'A-1' },
      { company: 'Northwind', label: 'B-2 costs 25 EUR', skuFromSplit: 'B-2' },
      { company: 'Northwind', label: 'C-3 costs 7.5 EUR', skuFromSplit: 'C-3' },
    ]);
  });

  it('finds nodes by id as well as by name', () => {
    const { scope } = nodeReferenceRun();
    assert.equal(evaluateExpression("$('c66ad435').item.json.company", scope(1)), 'Northwind');
    assert.equal(evaluateExpression('$node.Seed.json.currency', scope(2)), 'EUR');
  });

  it('offers all(), first(), last() and itemMatching() on an earlier node', () => {
    const { scope } = nodeReferenceRun();
    assert.deepEqual(evaluateExpression("$('Split Out').all().map(i => i.json.sku)", scope(0)), ['A-1', 'B-2', 'C-3']);
    assert.equal(evaluateExpression("$('Split Out').last().json.price", scope(0)), 7.5);
    assert.equal(evaluateExpression("$('Split Out').itemMatching(1).json.sku", scope(0)), 'B-2');
    assert.equal(evaluateExpression("$('Seed').itemMatching(2).json.company", scope(0)), 'Northwind');
    assert.equal(evaluateExpression("$('Seed').isExecuted", scope(0)), true);
    assert.deepEqual(evaluateExpression("$items('Split Out').map(i => i.json.price)", scope(0)), [10, 25, 7.5]);
    assert.equal(evaluateExpression('$items().length', scope(0)), 3);
  });

  it('offers $input and $json for the current item', () => {
    const { scope } = nodeReferenceRun();
    assert.equal(evaluateExpression('$input.item.json.sku + $json.sku', scope(1)), 'B-2B-2');
    assert.equal(evaluateExpression('$input.all().length + $input.first().json.price + $input.last().json.price', scope(1)), 3 + 10 + 7.5);
    assert.equal(evaluateExpression('$itemIndex + $runIndex', scope(2)), 2);
    assert.deepEqual(evaluateExpression('$prevNode', scope(0)), { name: 'Split Out', id: 'f798b30c', outputIndex: 0, runIndex: 0 });
    assert.deepEqual(evaluateExpression("[$input.item.binary, $('Seed').item.binary, $input.first().pairedItem]", scope(0)), [{}, {}, { item: 0 }]);
    const withBinary = scopeOf([{ json: {}, binary: { file: { data: 'aGk=', mimeType: 'text/plain' } } }]);
    assert.equal(evaluateExpression('$input.item.binary.file.mimeType + $binary.file.data', withBinary), 'text/plainaGk=');
  });

  it('follows paired items across several nodes and input ports', () => {
    // A (2 items) → B (reversed order, paired) ┐
    //                      C (1 item) ─────────┴→ M (merge: input 0 from C, input 1 from B) → current
    const a: NodeRunRecord = { id: 'A', sources: [], outputs: [[{ json: { v: 'a0' } }, { json: { v: 'a1' } }]] };
    const b: NodeRunRecord = { id: 'B', sources: [{ node: 'A', output: 0 }], outputs: [[{ json: { w: 1 }, pairedItem: { item: 1 } }, { json: { w: 0 }, pairedItem: { item: 0 } }]] };
    const c: NodeRunRecord = { id: 'C', sources: [], outputs: [[{ json: { c: true } }]] };
    const m: NodeRunRecord = {
      id: 'M',
      sources: [{ node: 'C', output: 0 }, { node: 'B', output: 0 }],
      outputs: [[{ json: { m: 0 }, pairedItem: { item: 0, input: 0 } }, { json: { m: 1 }, pairedItem: { item: 0, input: 1 } }, { json: { m: 2 }, pairedItem: { item: 1, input: 1 } }]],
    };
    const scope = (itemIndex: number): ExpressionScope => ({
      run: runOf([a, b, c, m]),
      node: { id: 'cur' },
      inputs: [m.outputs[0]!],
      sources: [{ node: 'M', output: 0 }],
      itemIndex,
      now: new Date(),
    });
    assert.equal(evaluateExpression("$('A').item.json.v", scope(1)), 'a1');
    assert.equal(evaluateExpression("$('A').item.json.v", scope(2)), 'a0');
    assert.equal(evaluateExpression("$('B').item.json.w", scope(2)), 0);
    assert.equal(evaluateExpression("$('C').item.json.c", scope(0)), true);
    assert.throws(() => evaluateExpression("$('A').item.json.v", scope(0)), /no path back from "cur" to "A"/);
  });

  it('reads $node["x"].json by item index, from the output that leads to the node', () => {
    const iff: NodeRunRecord = { id: 'If', sources: [], outputs: [[{ json: { t: 0 } }, { json: { t: 1 } }], [{ json: { f: 0 } }, { json: { f: 1 } }, { json: { f: 2 } }]] };
    const scope = (itemIndex: number): ExpressionScope => ({
      run: runOf([iff]),
      node: { id: 'onFalse' },
      inputs: [iff.outputs[1]!],
      sources: [{ node: 'If', output: 1 }],
      itemIndex,
      now: new Date(),
    });
    assert.equal(evaluateExpression('$node["If"].json.f', scope(2)), 2);
    assert.equal(evaluateExpression("$('If').first().json.f", scope(2)), 0);
    assert.equal(evaluateExpression("$('If').first(0).json.t", scope(2)), 0);
    assert.equal(evaluateExpression("$('If').item.json.f", scope(1)), 1);
  });

  it('uses lineage n8n assumes when a node recorded no pairedItem', () => {
    const one: NodeRunRecord = { id: 'one', sources: [], outputs: [[{ json: { root: true } }]] };
    const fan: NodeRunRecord = { id: 'fan', sources: [{ node: 'one', output: 0 }], outputs: [[{ json: { i: 0 } }, { json: { i: 1 } }]] };
    const map: NodeRunRecord = { id: 'map', sources: [{ node: 'fan', output: 0 }], outputs: [[{ json: { j: 0 } }, { json: { j: 1 } }]] };
    const shrink: NodeRunRecord = { id: 'shrink', sources: [{ node: 'map', output: 0 }], outputs: [[{ json: { k: 0 } }]] };
    const scope = (inputs: Item[], source: string): ExpressionScope => ({ run: runOf([one, fan, map, shrink]), node: { id: 'cur' }, inputs: [inputs], sources: [{ node: source, output: 0 }], itemIndex: 1, now: new Date() });
    assert.equal(evaluateExpression("$('one').item.json.root", scope(map.outputs[0]!, 'map')), true);
    assert.equal(evaluateExpression("$('fan').item.json.i", scope(map.outputs[0]!, 'map')), 1);
    assert.throws(() => evaluateExpression("$('fan').item.json.i", { ...scope(shrink.outputs[0]!, 'shrink'), itemIndex: 0 }), /did not record which input item/);
  });

  it('refuses an ambiguous paired item', () => {
    const src: NodeRunRecord = { id: 'src', sources: [], outputs: [[{ json: { n: 1 } }, { json: { n: 2 } }]] };
    const agg: NodeRunRecord = { id: 'agg', sources: [{ node: 'src', output: 0 }], outputs: [[{ json: { all: [1, 2] }, pairedItem: [{ item: 0 }, { item: 1 }] }]] };
    const scope: ExpressionScope = { run: runOf([src, agg]), node: { id: 'cur' }, inputs: [agg.outputs[0]!], sources: [{ node: 'agg', output: 0 }], itemIndex: 0, now: new Date() };
    assert.throws(() => evaluateExpression("$('src').item", scope), /Several items of "src" match/);
    assert.deepEqual(evaluateExpression("$('src').all().map(i => i.json.n)", scope), [1, 2]);
  });

  it('falls back to the run record for the current node’s sources', () => {
    const seed: NodeRunRecord = { id: 'seed', sources: [], outputs: [[{ json: { x: 5 } }]] };
    const self: NodeRunRecord = { id: 'cur', sources: [{ node: 'seed', output: 0 }], outputs: [] };
    const scope: ExpressionScope = { run: runOf([seed, self]), node: { id: 'cur' }, inputs: [seed.outputs[0]!], itemIndex: 0, now: new Date() };
    assert.equal(evaluateExpression("$('seed').item.json.x", scope), 5);
  });

  it('says so when the run did not record where the current node’s input came from', () => {
    const { scope } = nodeReferenceRun();
    const { sources: _sources, ...withoutSources } = scope(0);
    assert.throws(() => evaluateExpression("$('Seed').item", withoutSources), /did not record which node feeds its input \(ExpressionScope\.sources\)/);
  });

  it('explains references to nodes that did not run', () => {
    const { scope } = nodeReferenceRun();
    assert.throws(() => evaluateExpression("$('Later').first()", scope(0)), (e: unknown) => e instanceof ExpressionError && /No data from node "Later": it has not run before "Enrich"/.test(e.message));
    assert.throws(() => evaluateExpression('$node["Later"].json', scope(0)), /No data from node "Later"/);
    assert.throws(() => evaluateExpression("$('Enrich').item", { ...scope(0), run: runOf([{ id: '7ca1bd65', name: 'Enrich', sources: [], outputs: [] }]) }), /cannot look up its own paired item/);
    assert.throws(() => evaluateExpression('$(1)', scope(0)), /expects a node name/);
  });

  it('gives $env only to nodes with env.read', () => {
    assert.throws(() => evaluateExpression('$env.HOME', scopeOf({})), /\$env is not available in node "Node": the node needs the env.read permission/);
    const scope = scopeOf({}, { env: { API_URL: 'https://api', EMPTY: '' } });
    assert.equal(evaluateExpression('$env.API_URL + "/v1"', scope), 'https://api/v1');
    assert.equal(evaluateExpression('$env.MISSING', scope), undefined);
    assert.equal(evaluateExpression('$env["EMPTY"]', scope), '');
  });

  it('takes $vars, $workflow and $execution from the scope', () => {
    const scope = scopeOf({}, { extra: { $vars: { region: 'eu' }, workflow: { name: 'Nightly' }, $execution: { id: 'r1', mode: 'manual' } } });
    assert.equal(evaluateExpression('$vars.region + $workflow.name + $execution.id', scope), 'euNightlyr1');
    assert.deepEqual(evaluateExpression('[$vars, $workflow]', scopeOf({})), [{}, {}]);
  });

  it('gives $json an empty object when the node has no input', () => {
    assert.deepEqual(evaluateExpression('$json', scopeOf([])), {});
    assert.equal(evaluateExpression('$input.first()', scopeOf([])), undefined);
  });

  it('keeps $input and node handles out of JSON.stringify internals', () => {
    const { scope } = nodeReferenceRun();
    assert.equal(evaluateExpression('Object.keys($input).length', scope(0)), 0);
    assert.equal(evaluateExpression('JSON.stringify($input).length > 10', scope(0)), true);
    assert.equal(evaluateExpression("Object.keys($('Seed')).length", scope(0)), 0);
  });
});
