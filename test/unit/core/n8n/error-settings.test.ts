import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Conductor, MelodyRun, compileMelody, createDefaultRegistry } from '../../../../src/core/conductor/index';
import { exportN8nWorkflow, importN8nWorkflow, registerOpaqueN8nOperators } from '../../../../src/core/n8n/index';

const trigger = { id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
const rows = {
  id: '2', name: 'Rows', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0],
  parameters: { assignments: { assignments: [{ id: 'a', name: 'list', value: '[{"n": 1}, {"n": 2}]', type: 'array' }] }, options: {} },
};
const split = { id: '3', name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'list', options: {} } };
// A number field given text fails for every item (n8n's Set does the same without ignoreConversionErrors).
function failing(settings: Record<string, unknown>) {
  return {
    id: '4', name: 'Broken', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [600, 0],
    parameters: { assignments: { assignments: [{ id: 'b', name: 'x', value: '={{ "abc" + $json.n }}', type: 'number' }] }, options: {} },
    ...settings,
  };
}
const ok = { id: '5', name: 'Ok', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [800, -100], parameters: {} };
const handle = { id: '6', name: 'Handle', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [800, 100], parameters: {} };

function workflow(settings: Record<string, unknown>, brokenOutputs: Array<Array<{ node: string; type: string; index: number }>>) {
  return {
    name: 'error settings', settings: { executionOrder: 'v1' },
    nodes: [trigger, rows, split, failing(settings), ok, handle],
    connections: {
      Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
      Rows: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
      Split: { main: [[{ node: 'Broken', type: 'main', index: 0 }]] },
      Broken: { main: brokenOutputs },
    },
  };
}

/** Runs an n8n workflow; `validate: false` runs it even where melody validation does not know the error port yet. */
async function run(wf: object, validate = true) {
  const { melody, diagnostics } = importN8nWorkflow(wf);
  assert.ok(melody, diagnostics.map((d) => d.message).join('; '));
  const registry = createDefaultRegistry();
  registerOpaqueN8nOperators(registry, melody);
  const workspaceRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-n8n-errors-'));
  try {
    if (validate) return { melody, result: await new Conductor({ registry, workspaceRoot, history: false }).run(melody) };
    const { compiled } = compileMelody(melody, registry, { validate: false });
    return { melody, result: await new MelodyRun(compiled!, { workspaceRoot }).execute() };
  } finally {
    fs.rmSync(workspaceRoot, { recursive: true, force: true });
  }
}

const toOk = [{ node: 'Ok', type: 'main', index: 0 }];
const toHandle = [{ node: 'Handle', type: 'main', index: 0 }];

describe('n8n error settings', () => {
  it('import retryOnFail with n8n\'s limits: 2 to 5 tries, a fixed wait of 0 to 5000 ms, 0 meaning 1000', () => {
    const { melody } = importN8nWorkflow(workflow({ retryOnFail: true, maxTries: 10, waitBetweenTries: 0 }, [toOk]));
    assert.deepEqual(melody!.nodes.find((n) => n.id === 'Broken')!.onError, { strategy: 'retry', retries: 4, backoffMs: 1000, backoffFactor: 1 });
    const back = exportN8nWorkflow(melody!).workflow as { nodes: Array<Record<string, unknown>> };
    const broken = back.nodes.find((n) => n['name'] === 'Broken')!;
    assert.equal(broken['maxTries'], 10, 'the original value survives the round trip');
    assert.equal(broken['retryOnFail'], true);
  });

  it('retry a failing node maxTries times, then stop the run', async () => {
    const { result } = await run(workflow({ retryOnFail: true, maxTries: 2, waitBetweenTries: 1 }, [toOk]));
    assert.equal(result.status, 'Failed');
    assert.equal(result.nodes['Broken']!.attempts, 2);
    assert.notEqual(result.nodes['Ok']!.state, 'Completed');
  });

  it('continueRegularOutput: one { error } item per input item on the regular output, and the run goes on', async () => {
    const { result } = await run(workflow({ onError: 'continueRegularOutput' }, [toOk]));
    assert.equal(result.status, 'Completed');
    const items = result.nodes['Ok']!.outputs![0]!.map((i) => i.json);
    assert.equal(items.length, 2);
    for (const item of items) {
      assert.deepEqual(Object.keys(item), ['error']);
      assert.equal(typeof item['error'], 'string');
    }
    assert.deepEqual(result.nodes['Broken']!.outputs![0]!.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
  });

  it('continueErrorOutput: failed items leave by an extra output after the node\'s own, connected as n8n\'s main[1]', async () => {
    const { result } = await run(workflow({ onError: 'continueErrorOutput' }, [toOk, toHandle]), false);
    assert.equal(result.status, 'Completed', JSON.stringify(result.diagnostics));
    assert.equal(result.nodes['Broken']!.outputs!.length, 2);
    assert.deepEqual(result.nodes['Broken']!.outputs![0], []);
    assert.equal(result.nodes['Handle']!.outputs![0]!.length, 2);
    assert.ok(result.nodes['Handle']!.outputs![0]!.every((i) => typeof i.json['error'] === 'string'));
    assert.notEqual(result.nodes['Ok']!.state, 'Completed');
  });

  it('continueErrorOutput validates: melody validation knows the extra "error" output', async () => {
    const { result } = await run(workflow({ onError: 'continueErrorOutput' }, [toOk, toHandle]));
    assert.deepEqual(result.diagnostics.filter((d) => d.code === 'InvalidEdge'), []);
    assert.equal(result.status, 'Completed');
  });
});
