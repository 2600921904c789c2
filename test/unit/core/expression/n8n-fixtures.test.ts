import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { evaluateConditions, evaluateParameter, isExpression, type ExpressionScope, type NodeRunRecord } from '../../../../src/core/expression';
import type { Item, JsonObject, JsonValue } from '../../../../src/core/operators/operator';
import { runOf } from './make-scope';

/**
 * Every expression and condition in the shared n8n workflows, evaluated against the items n8n
 * itself recorded, must give n8n's results. The run data comes from the expected files; lineage is
 * what n8n's nodes record (a filtered item points at its input item; a split item at its source).
 */
const fixtures = path.resolve(__dirname, '../../../..', '../shared/fixtures/n8n');

interface N8nNode {
  name: string;
  type: string;
  parameters: Record<string, JsonValue>;
}
interface Workflow {
  nodes: N8nNode[];
  connections: Record<string, { main: Array<Array<{ node: string; index: number }>> }>;
}

function sameJson(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

function loadRun(name: string) {
  const workflow = JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.workflow.json`), 'utf8')) as Workflow;
  const expected = JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.expected.json`), 'utf8')) as { nodes: Record<string, JsonObject[][]> };
  const sources = new Map<string, Array<{ node: string; output: number }>>();
  for (const [from, conn] of Object.entries(workflow.connections)) {
    conn.main.forEach((targets, output) => {
      for (const t of targets ?? []) {
        const list = sources.get(t.node) ?? [];
        list[t.index] ??= { node: from, output };
        sources.set(t.node, list);
      }
    });
  }
  const records: NodeRunRecord[] = [];
  const inputsOf = (node: string): Item[][] =>
    (sources.get(node) ?? []).map((s) => records.find((r) => r.id === s.node)?.outputs[s.output] ?? []);
  // Expected files list nodes in execution order, so each node's inputs are known when it is added.
  for (const [node, outputs] of Object.entries(expected.nodes)) {
    const input = inputsOf(node)[0] ?? [];
    records.push({
      id: node,
      sources: sources.get(node) ?? [],
      outputs: outputs.map((items) => items.map((json): Item => {
        const same = input.findIndex((i) => sameJson(i.json, json));
        return same >= 0 ? { json, pairedItem: { item: same } } : input.length === 1 ? { json, pairedItem: { item: 0 } } : { json };
      })),
    });
  }
  return { workflow, expected, records, inputsOf, sources };
}

function scopeFor(run: ReturnType<typeof loadRun>, node: string, itemIndex: number): ExpressionScope {
  return { run: runOf(run.records), node: { id: node }, inputs: run.inputsOf(node), sources: run.sources.get(node), itemIndex, now: new Date('2024-01-01T00:00:00Z') };
}

const names = fs.existsSync(fixtures) ? fs.readdirSync(fixtures).filter((f) => f.endsWith('.workflow.json')).map((f) => f.replace('.workflow.json', '')) : [];

describe('n8n fixtures: expressions and conditions give n8n’s results', function () {
  before(function () {
    if (!fs.existsSync(fixtures)) this.skip();
  });

  it('finds the shared fixtures', function () {
    if (!fs.existsSync(fixtures)) this.skip();
    assert.ok(names.length >= 10, `expected the n8n fixtures in ${fixtures}`);
  });

  for (const name of names) {
    it(name, () => {
      const run = loadRun(name);
      let checked = 0;
      for (const node of run.workflow.nodes) {
        const outputs = run.expected.nodes[node.name];
        if (!outputs) continue;
        const input = run.inputsOf(node.name)[0] ?? [];
        if (node.type === 'n8n-nodes-base.set') {
          const assignments = (node.parameters.assignments as { assignments: Array<{ name: string; value: JsonValue }> }).assignments;
          input.forEach((_item, i) => {
            for (const a of assignments) {
              if (!isExpression(a.value)) continue;
              const value = evaluateParameter(a.value, scopeFor(run, node.name, i), { nodeId: node.name, parameter: `assignments.${a.name}` });
              assert.deepEqual(value, outputs[0]![i]![a.name], `${node.name} item ${i}: ${a.name} = ${a.value}`);
              checked++;
            }
          });
        }
        if (node.type === 'n8n-nodes-base.if' || node.type === 'n8n-nodes-base.filter') {
          const passed: JsonObject[] = [];
          const failed: JsonObject[] = [];
          input.forEach((item, i) => {
            const ok = evaluateConditions(node.parameters.conditions!, scopeFor(run, node.name, i), { nodeId: node.name, parameter: 'conditions' });
            (ok ? passed : failed).push(item.json);
            checked++;
          });
          assert.deepEqual(node.type === 'n8n-nodes-base.if' ? [passed, failed] : [passed], outputs, node.name);
        }
        if (node.type === 'n8n-nodes-base.switch') {
          const rules = (node.parameters.rules as { values: Array<{ conditions: JsonValue }> }).values;
          const routed: JsonObject[][] = rules.map(() => []);
          input.forEach((item, i) => {
            const k = rules.findIndex((r, ri) => evaluateConditions(r.conditions, scopeFor(run, node.name, i), { nodeId: node.name, parameter: `rules.values[${ri}].conditions` }));
            if (k >= 0) routed[k]!.push(item.json);
            checked++;
          });
          assert.deepEqual(routed, outputs, node.name);
        }
      }
      if (['set-expressions', 'node-reference', 'aggregate-fields', 'if-true-false', 'split-and-filter', 'switch-rules'].includes(name)) {
        assert.ok(checked > 0, `${name} has expressions or conditions to check`);
      }
    });
  }
});
