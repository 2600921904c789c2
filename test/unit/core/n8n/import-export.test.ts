import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportN8nWorkflow, importN8nWorkflow, looksLikeN8nWorkflow } from '../../../../src/core/n8n/index';
import { MelodySchema, type Melody, type MelodyNode } from '../../../../src/core/melody/melody-schema';
import type { JsonObject, JsonValue } from '../../../../src/core/operators/operator';
import { OWN_N8N, SHARED_N8N, canonical, loadCases } from './n8n-fixtures';

const mixed = JSON.parse(fs.readFileSync(path.join(OWN_N8N, 'round-trip-mixed.json'), 'utf8')) as JsonObject;

/** n8n writes `[]` for outputs without connections; they carry no meaning. */
function normaliseConnections(connections: JsonValue | undefined): JsonValue {
  const out: JsonObject = {};
  for (const [source, byType] of Object.entries((connections ?? {}) as JsonObject)) {
    const types: JsonObject = {};
    for (const [type, outputs] of Object.entries(byType as JsonObject)) {
      const list = [...(outputs as JsonValue[][])];
      while (list.length && (list.at(-1) ?? []).length === 0) list.pop();
      if (list.length) types[type] = list;
    }
    if (Object.keys(types).length) out[source] = types;
  }
  return out;
}

function assertRoundTrip(original: JsonObject): void {
  const imported = importN8nWorkflow(original);
  assert.ok(imported.melody, JSON.stringify(imported.diagnostics));
  // What the import writes must stay a valid melody after saving and loading as JSON.
  const melody = MelodySchema.parse(JSON.parse(JSON.stringify(imported.melody))) as Melody;
  const { workflow } = exportN8nWorkflow(melody);
  const back = JSON.parse(JSON.stringify(workflow)) as JsonObject;
  assert.equal(canonical({ ...back, connections: normaliseConnections(back['connections']) }), canonical({ ...original, connections: normaliseConnections(original['connections']) }));
}

const node = (melody: Melody, id: string): MelodyNode => melody.nodes.find((n) => n.id === id)!;

describe('n8n import', () => {
  it('names melody nodes after n8n nodes and maps the core types to operators', () => {
    const { melody } = importN8nWorkflow(mixed);
    assert.deepEqual(melody!.nodes.map((n) => [n.id, n.operator]), [
      ['Start', 'core.manual-trigger'],
      ['Old Set', 'core.set'],
      ['Old If', 'core.if'],
      ['Sheet', 'n8n.n8n-nodes-base.googleSheets'],
      ['Old Merge', 'core.merge'],
      ['Model', 'n8n.@n8n/n8n-nodes-langchain.lmChatOpenAi'],
      ['Agent', 'n8n.@n8n/n8n-nodes-langchain.agent'],
      ['Parked', 'core.noop'],
      ['Old Switch', 'n8n.n8n-nodes-base.switch'],
    ]);
    assert.deepEqual(node(melody!, 'Old If').position, { x: 400, y: 0 });
  });

  it('turns connections by name and output index into ports', () => {
    const { melody } = importN8nWorkflow(mixed);
    const edges = melody!.connections!.map((c) => `${c.from.node}:${c.from.port} -> ${c.to.node}:${c.to.port}`);
    assert.ok(edges.includes('Old If:true -> Sheet:main'));
    assert.ok(edges.includes('Old If:false -> Old Merge:input2'));
    assert.ok(edges.includes('Sheet:main -> Old Merge:input1'));
    assert.ok(edges.includes('Model:ai_languageModel -> Agent:ai_languageModel'));
  });

  it('rewrites old parameter versions into the newest shape', () => {
    const { melody } = importN8nWorkflow(mixed);
    assert.deepEqual(node(melody!, 'Old Set').params, {
      assignments: { assignments: [{ name: 'n', value: 3, type: 'number' }, { name: 's', value: '={{ $json.x }}', type: 'string' }] },
      includeOtherFields: false,
    });
    const ifParams = node(melody!, 'Old If').params as JsonObject;
    assert.deepEqual((ifParams['conditions'] as JsonObject)['conditions'], [{ id: 'v1-0', leftValue: '={{ $json.n }}', rightValue: 2, operator: { type: 'number', operation: 'gt' } }]);
    assert.equal((node(melody!, 'Old Merge').params as JsonObject)['combineBy'], 'combineByFields');
  });

  it('keeps n8n-only settings and maps retries, notes and disabled nodes', () => {
    const { melody } = importN8nWorkflow(mixed);
    const set = node(melody!, 'Old Set');
    assert.deepEqual(set.onError, { strategy: 'retry', retries: 3, backoffMs: 500, backoffFactor: 1 });
    assert.equal(set.notes, 'kept');
    assert.equal(node(melody!, 'Parked').disabled, true);
    assert.deepEqual((node(melody!, 'Sheet') as Record<string, unknown>)['n8n'], {
      id: 'a4',
      type: 'n8n-nodes-base.googleSheets',
      typeVersion: 4.5,
      credentials: { googleSheetsOAuth2Api: { id: '7', name: 'Sheets account' } },
    });
  });

  it('tells the user which nodes have no Symphony equivalent', () => {
    const { diagnostics } = importN8nWorkflow(mixed, { file: 'mixed.json' });
    const unmapped = diagnostics.filter((d) => d.code === 'UnmappedN8nNode');
    assert.deepEqual(unmapped.map((d) => d.path), ['nodes[4]', 'nodes[6]', 'nodes[7]', 'nodes[9]']);
    assert.match(unmapped[3]!.message, /older than the oldest version Symphony runs \(3\)/);
    assert.ok(unmapped.every((d) => d.file === 'mixed.json' && d.severity === 'info'));
  });

  it('keeps sticky notes aside: they are annotations, not steps', () => {
    const { melody } = importN8nWorkflow(mixed);
    assert.equal(melody!.nodes.some((n) => n.id === 'Sticky Note'), false);
    const notes = ((melody as Record<string, unknown>)['n8n'] as JsonObject)['stickyNotes'] as JsonObject[];
    assert.equal(notes[0]!['index'], 2);
  });

  it('reports broken input as diagnostics instead of throwing', () => {
    assert.equal(importN8nWorkflow('nope').diagnostics[0]!.code, 'InvalidN8nWorkflow');
    assert.equal(importN8nWorkflow({ nodes: 3, connections: {} }).diagnostics[0]!.path, 'nodes');
    const dup = importN8nWorkflow({ nodes: [{ name: 'A', type: 'n8n-nodes-base.noOp' }, { name: 'A', type: 'n8n-nodes-base.noOp' }], connections: {} });
    assert.equal(dup.diagnostics[0]!.code, 'DuplicateNodeId');
    const dangling = importN8nWorkflow({ nodes: [{ name: 'A', type: 'n8n-nodes-base.noOp' }], connections: { A: { main: [[{ node: 'Ghost', type: 'main', index: 0 }]] } } });
    assert.equal(dangling.diagnostics[0]!.code, 'UnknownN8nNode');
  });

  it('recognises n8n workflow JSON and not melodies', () => {
    assert.equal(looksLikeN8nWorkflow(mixed), true);
    assert.equal(looksLikeN8nWorkflow({ format: 'melody/1', nodes: [], connections: [] }), false);
  });
});

describe('n8n export', () => {
  it('gives back exactly what was imported, unknown nodes and fields included', () => {
    assertRoundTrip(mixed);
  });

  it('round-trips every shared fixture workflow', function () {
    const cases = loadCases(SHARED_N8N);
    if (cases.length === 0) this.skip();
    for (const c of cases) assertRoundTrip(c.workflow);
  });

  it('writes edited legacy nodes in the newest version', () => {
    const { melody } = importN8nWorkflow(mixed);
    const set = node(melody!, 'Old Set');
    set.params = { ...set.params, includeOtherFields: true };
    const { workflow } = exportN8nWorkflow(melody!);
    const out = workflow.nodes.find((n) => n.name === 'Old Set')!;
    assert.equal(out.typeVersion, 3.4);
    assert.equal(out.parameters!['includeOtherFields'], true);
    assert.equal(out['retryOnFail'], true);
  });

  it('exports a native melody to n8n nodes, ports to output indexes', () => {
    const melody: Melody = {
      format: 'melody/1',
      name: 'native',
      nodes: [
        { id: 'go', operator: 'core.manual-trigger', position: { x: 0, y: 0 } },
        { id: 'check', operator: 'core.if', params: { conditions: { conditions: [], combinator: 'and' } } },
        { id: 'up', operator: 'core.set', params: { fields: { text: '={{ $json.t }}', n: 2 } } },
        { id: 'join', operator: 'core.merge', params: { mode: 'by-key', fieldsToMatchString: 'id' } },
        { id: 'status', operator: 'git.status' },
      ],
      connections: [
        { from: { node: 'go' }, to: { node: 'check' } },
        { from: { node: 'check', port: 'false' }, to: { node: 'up', port: 'main' } },
        { from: { node: 'up', port: 'main' }, to: { node: 'join', port: 'input2' } },
        { from: { node: 'join' }, to: { node: 'status' } },
      ],
    };
    const { workflow, diagnostics } = exportN8nWorkflow(melody);
    assert.deepEqual(workflow.nodes.map((n) => [n.name, n.type, n.typeVersion]), [
      ['go', 'n8n-nodes-base.manualTrigger', 1],
      ['check', 'n8n-nodes-base.if', 2.2],
      ['up', 'n8n-nodes-base.set', 3.4],
      ['join', 'n8n-nodes-base.merge', 3.2],
      ['status', 'symphony.git.status', 1],
    ]);
    assert.deepEqual(workflow.connections['check'], { main: [[], [{ node: 'up', type: 'main', index: 0 }]] });
    assert.deepEqual(workflow.connections['up'], { main: [[{ node: 'join', type: 'main', index: 1 }]] });
    assert.deepEqual(workflow.nodes[2]!.parameters, { assignments: { assignments: [{ name: 'text', value: '={{ $json.t }}', type: 'string' }, { name: 'n', value: 2, type: 'number' }] } });
    assert.deepEqual(workflow.nodes[3]!.parameters, { mode: 'combine', combineBy: 'combineByFields', fieldsToMatchString: 'id' });
    assert.equal(diagnostics[0]!.code, 'NoN8nEquivalent');
    // And it comes home: the Symphony-only node is git.status again.
    assert.equal(importN8nWorkflow(workflow).melody!.nodes[4]!.operator, 'git.status');
  });
});

describe('n8n library node mapping', () => {
  const single = (type: string, parameters: JsonObject, typeVersion = 1) => importN8nWorkflow({ nodes: [{ name: 'N', type: `n8n-nodes-base.${type}`, typeVersion, position: [0, 0], parameters }], connections: {} });

  it('maps HTTP Request switches and lists onto http.request params, and back', () => {
    const parameters: JsonObject = {
      method: 'POST',
      url: 'https://api.example.com/items',
      sendQuery: true,
      queryParameters: { parameters: [{ name: 'page', value: '2' }] },
      sendHeaders: true,
      headerParameters: { parameters: [{ name: 'X-Trace', value: '={{ $json.id }}' }] },
      sendBody: true,
      contentType: 'form-urlencoded',
      bodyParameters: { parameters: [{ name: 'a', value: '1' }] },
      options: { timeout: 5000, response: { response: { neverError: true } } },
    };
    const { melody } = single('httpRequest', parameters, 4.2);
    assert.deepEqual(melody!.nodes[0]!.params, {
      method: 'POST', url: 'https://api.example.com/items', query: { page: '2' }, headers: { 'X-Trace': '={{ $json.id }}' }, body: { a: '1' }, bodyType: 'form', timeoutMs: 5000, failOnHttpError: false,
    });
    // Unedited, the original parameters go back; edited, they are rebuilt from the params.
    assert.deepEqual(exportN8nWorkflow(melody!).workflow.nodes[0]!.parameters, parameters);
    melody!.nodes[0]!.params = { ...melody!.nodes[0]!.params, url: 'https://other.example.com' };
    const rebuilt = exportN8nWorkflow(melody!).workflow.nodes[0]!.parameters!;
    assert.equal(rebuilt['url'], 'https://other.example.com');
    assert.equal(rebuilt['contentType'], 'form-urlencoded');
  });

  it('maps Read/Write Files and Execute Command, with warnings where they differ', () => {
    const read = single('readWriteFile', { fileSelector: 'data/*.csv', options: {} });
    assert.deepEqual([read.melody!.nodes[0]!.operator, read.melody!.nodes[0]!.params], ['fs.read', { path: 'data/*.csv', as: 'binary' }]);
    const write = single('readWriteFile', { operation: 'write', fileName: 'out.txt', options: { append: true } });
    assert.deepEqual([write.melody!.nodes[0]!.operator, write.melody!.nodes[0]!.params], ['fs.write', { path: 'out.txt', mode: 'append' }]);
    assert.equal(write.diagnostics[0]!.code, 'PartialN8nMapping');
    const exec = single('executeCommand', { command: 'npm test' });
    assert.deepEqual([exec.melody!.nodes[0]!.operator, exec.melody!.nodes[0]!.params], ['build.run', { command: 'npm test' }]);
    assert.match(exec.diagnostics[0]!.message, /once per input item/);
  });
});
