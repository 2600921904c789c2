import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validatePaths } from '../../../src/cli/verbs/validate';

const root = path.resolve(__dirname, '../../..');

describe('symphony validate: melodies with workspace operators, n8n workflows, conductor.json', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-validate-wf-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('knows the operators of the workspace sub-extensions (JS and Python)', async () => {
    fs.cpSync(path.join(root, 'test/fixtures/run-with-extensions'), dir, { recursive: true });
    const report = await validatePaths(['shout-and-count.melody'], dir);
    assert.deepEqual(report.files[0]!.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.equal(report.files[0]!.kind, 'melody');
    fs.rmSync(path.join(dir, '.symphony/extensions/counter'), { recursive: true });
    const without = await validatePaths(['shout-and-count.melody'], dir);
    assert.ok(without.files[0]!.diagnostics.some((d) => d.code === 'UnknownOperator' && d.message.includes('counter.count-words')));
  });

  it('checks an n8n workflow as it would import, not as a manifest', async () => {
    const workflow = {
      nodes: [
        { id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: '2', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
      ],
      connections: { Start: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
    };
    fs.writeFileSync(path.join(dir, 'flow.json'), JSON.stringify(workflow));
    const report = await validatePaths(['flow.json'], dir);
    assert.equal(report.files[0]!.kind, 'n8n');
    assert.equal(report.ok, true, JSON.stringify(report.files[0]!.diagnostics));
  });

  it('checks .symphony/conductor.json against its schema with positions', async () => {
    fs.mkdirSync(path.join(dir, '.symphony'));
    fs.writeFileSync(path.join(dir, '.symphony/conductor.json'), '{\n  "concurrency": "many"\n}\n');
    const report = await validatePaths(['.symphony/conductor.json'], dir);
    const d = report.files[0]!.diagnostics.find((x) => x.severity === 'error');
    assert.equal(report.files[0]!.kind, 'conductor');
    assert.ok(d, JSON.stringify(report.files[0]!.diagnostics));
    assert.equal(d!.line, 2);
  });
});
