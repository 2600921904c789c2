import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Conductor, createDefaultRegistry } from '../../../../src/core/conductor/index';
import { validateMelody } from '../../../../src/core/melody/index';
import { importN8nWorkflow, registerOpaqueN8nOperators } from '../../../../src/core/n8n/index';
import { OWN_N8N } from './n8n-fixtures';

const workflow = {
  name: 'A node Symphony cannot run',
  nodes: [
    { id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    { id: '2', name: 'Row', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { assignments: { assignments: [{ id: 'a', name: 'n', value: 1, type: 'number' }] }, options: {} } },
    { id: '3', name: 'Sheet', type: 'n8n-nodes-base.googleSheets', typeVersion: 4.5, position: [400, 0], parameters: { operation: 'append' } },
    { id: '4', name: 'After', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [600, 0], parameters: {} },
  ],
  connections: {
    Start: { main: [[{ node: 'Row', type: 'main', index: 0 }]] },
    Row: { main: [[{ node: 'Sheet', type: 'main', index: 0 }]] },
    Sheet: { main: [[{ node: 'After', type: 'main', index: 0 }]] },
  },
  settings: { executionOrder: 'v1' },
};

describe('opaque n8n nodes', () => {
  it('validate with their parameters and ports, AI links included', () => {
    const mixed = JSON.parse(fs.readFileSync(path.join(OWN_N8N, 'round-trip-mixed.json'), 'utf8'));
    const { melody } = importN8nWorkflow(mixed);
    const registry = createDefaultRegistry();
    registerOpaqueN8nOperators(registry, melody!);
    assert.deepEqual(validateMelody(melody, registry).filter((d) => d.severity !== 'info'), []);
    assert.deepEqual(registry.get('n8n.@n8n/n8n-nodes-langchain.agent')!.description.inputs.map((p) => p.name), ['main', 'ai_languageModel']);
  });

  it('fail clearly when a run reaches them, after the nodes before them ran', async () => {
    const { melody } = importN8nWorkflow(workflow);
    const registry = createDefaultRegistry();
    const registration = registerOpaqueN8nOperators(registry, melody!);
    const workspaceRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-opaque-'));
    try {
      const result = await new Conductor({ registry, workspaceRoot, history: false }).run(melody!);
      assert.equal(result.status, 'Failed');
      assert.equal(result.nodes['Row']!.state, 'Completed');
      assert.equal(result.nodes['Sheet']!.state, 'Failed');
      assert.equal(result.nodes['Sheet']!.error!.code, 'UnsupportedN8nNode');
      assert.match(result.nodes['Sheet']!.error!.message, /n8n node type n8n-nodes-base\.googleSheets, which Symphony cannot run\. Replace it/);
      assert.notEqual(result.nodes['After']?.state, 'Completed');
    } finally {
      fs.rmSync(workspaceRoot, { recursive: true, force: true });
    }
    registration.dispose();
    assert.equal(registry.has('n8n.n8n-nodes-base.googleSheets'), false);
  });

  it('register a parameterless opaque node joined by plain connections', () => {
    const plain = {
      name: 'plain', settings: { executionOrder: 'v1' },
      nodes: [
        { id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: '2', name: 'Mystery', type: 'n8n-nodes-base.someUnknownNode', typeVersion: 1, position: [200, 0], parameters: {} },
      ],
      connections: { Start: { main: [[{ node: 'Mystery', type: 'main', index: 0 }]] } },
    };
    const { melody } = importN8nWorkflow(plain);
    const mystery = melody!.nodes.find((n) => n.id === 'Mystery')!;
    delete mystery.params;
    // A hand-written melody's plain connections name no port.
    melody!.connections = [{ from: { node: 'Start' }, to: { node: 'Mystery' } }];
    const registry = createDefaultRegistry();
    registerOpaqueN8nOperators(registry, melody!);
    assert.equal(registry.has('n8n.n8n-nodes-base.someUnknownNode'), true);
    assert.deepEqual(validateMelody(melody, registry).filter((d) => d.severity === 'error'), []);
  });
});
