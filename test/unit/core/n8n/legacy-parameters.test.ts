import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Conductor, createDefaultRegistry } from '../../../../src/core/conductor/index';
import { filterToLatest, mergeToLatest, setToLatest } from '../../../../src/core/n8n/legacy-parameters';
import { importN8nWorkflow } from '../../../../src/core/n8n/index';
import type { JsonObject } from '../../../../src/core/operators/operator';

describe('n8n legacy parameters', () => {
  it('rewrites Edit Fields 3.0–3.2 fields into assignments and include into includeOtherFields', () => {
    const params: JsonObject = { mode: 'manual', fields: { values: [{ name: 'n', type: 'numberValue', numberValue: '5' }, { name: 's', stringValue: 'x' }] }, include: 'none', options: {} };
    assert.deepEqual(setToLatest(params, 3.2), {
      mode: 'manual',
      options: {},
      assignments: { assignments: [{ name: 'n', value: '5', type: 'number' }, { name: 's', value: 'x', type: 'string' }] },
      includeOtherFields: false,
    });
    assert.equal(setToLatest({ include: 'selected', includeFields: 'a' }, 3)['include'], 'selected');
    assert.equal(setToLatest({}, 3.1)['includeOtherFields'], true);
  });

  it('rewrites Filter 1 conditions with loose typing and its combinator', () => {
    const out = filterToLatest({ conditions: { string: [{ value1: '={{ $json.a }}', operation: 'notEqual', value2: 'x' }] }, combineConditions: 'OR' }, 1);
    assert.equal((out['conditions'] as { combinator: string }).combinator, 'or');
    assert.deepEqual((out['conditions'] as { options: unknown }).options, { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 1 });
  });

  it('rewrites Merge 1 and 2 modes into Merge 3', () => {
    assert.deepEqual(mergeToLatest({ mode: 'mergeByKey', propertyName1: 'id', propertyName2: 'ref' }, 1), {
      mode: 'combine', combineBy: 'combineByFields', advanced: true, mergeByFields: { values: [{ field1: 'id', field2: 'ref' }] }, joinMode: 'enrichInput1', options: {},
    });
    assert.deepEqual(mergeToLatest({ mode: 'passThrough', output: 'input2' }, 1), { mode: 'chooseBranch', output: 'specifiedInput', useDataOfInput: 2 });
    assert.deepEqual(mergeToLatest({ mode: 'multiplex' }, 1), { mode: 'combine', combineBy: 'combineAll' });
    assert.deepEqual(mergeToLatest({ mode: 'combine', combinationMode: 'mergeByPosition' }, 2), { mode: 'combine', combineBy: 'combineByPosition', advanced: true });
    assert.deepEqual(mergeToLatest({ mode: 'chooseBranch', output: 'empty' }, 2.1), { mode: 'chooseBranch', output: 'empty' });
  });

  it('runs a workflow of version-1 nodes through the conductor', async () => {
    const workflow = {
      name: 'old nodes',
      nodes: [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { name: 'A', type: 'n8n-nodes-base.set', typeVersion: 1, position: [0, 0], parameters: { values: { number: [{ name: 'id', value: 1 }], string: [{ name: 'who', value: 'ann' }] } } },
        { name: 'B', type: 'n8n-nodes-base.set', typeVersion: 2, position: [0, 0], parameters: { keepOnlySet: true, values: { number: [{ name: 'ref', value: 1 }], boolean: [{ name: 'paid', value: true }] } } },
        { name: 'Join', type: 'n8n-nodes-base.merge', typeVersion: 1, position: [0, 0], parameters: { mode: 'mergeByKey', propertyName1: 'id', propertyName2: 'ref' } },
        { name: 'Paid?', type: 'n8n-nodes-base.if', typeVersion: 1, position: [0, 0], parameters: { conditions: { boolean: [{ value1: '={{ $json.paid }}', value2: true }] } } },
      ],
      connections: {
        Start: { main: [[{ node: 'A', type: 'main', index: 0 }, { node: 'B', type: 'main', index: 0 }]] },
        A: { main: [[{ node: 'Join', type: 'main', index: 0 }]] },
        B: { main: [[{ node: 'Join', type: 'main', index: 1 }]] },
        Join: { main: [[{ node: 'Paid?', type: 'main', index: 0 }]] },
      },
    };
    const { melody } = importN8nWorkflow(workflow);
    const workspaceRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-legacy-'));
    try {
      const result = await new Conductor({ registry: createDefaultRegistry(), workspaceRoot, history: false }).run(melody!);
      assert.equal(result.status, 'Completed', JSON.stringify(result.error ?? result.diagnostics));
      assert.deepEqual(result.nodes['Paid?']!.outputs!.map((port) => port.map((i) => i.json)), [[{ id: 1, who: 'ann', ref: 1, paid: true }], []]);
    } finally {
      fs.rmSync(workspaceRoot, { recursive: true, force: true });
    }
  });
});
