import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { copyExamples, describeRun, type ExampleWorkspace, itemsByNode, runMelody, symphony } from './examples-workspace';

const ORDERS = [
  { id: 'A-1', customer: 'Ines', total: 120 },
  { id: 'A-2', customer: 'Tom', total: 35.5 },
  { id: 'A-3', customer: 'Mei', total: 310 },
  { id: 'A-4', customer: 'Olu', total: 99.99 },
];
const priority = (o: (typeof ORDERS)[number]) => ({ ...o, priority: 'high', label: `${o.customer} (${o.id})` });

/** What n8n outputs for examples/n8n/order-triage.json, node by node (ids are n8n's node names). */
const EXPECTED = {
  'When clicking ‘Execute workflow’': [[{}]],
  Orders: [[{ orders: ORDERS }]],
  'Split Out': [ORDERS],
  'Big order?': [[ORDERS[0]!, ORDERS[2]!], [ORDERS[1]!, ORDERS[3]!]],
  'Mark priority': [[priority(ORDERS[0]!), priority(ORDERS[2]!)]],
  'Largest first': [[priority(ORDERS[2]!), priority(ORDERS[0]!)]],
  'Standard queue': [[ORDERS[1]!, ORDERS[3]!]],
};

describe('examples/n8n/order-triage.json', () => {
  let ws: ExampleWorkspace;
  beforeEach(() => (ws = copyExamples()));
  afterEach(() => ws.cleanup());

  it('runs the n8n workflow as it is, imported on the fly, with n8n\'s items per node and port', async () => {
    const run = await runMelody(ws.dir, 'n8n/order-triage.json');
    assert.equal(run.code, 0, describeRun(run));
    assert.deepEqual(itemsByNode(run), EXPECTED);
  });

  it('imports into a melody that runs to the same items', async () => {
    const imported = await symphony(ws.dir, 'import', 'n8n', 'n8n/order-triage.json', '-o', 'order-triage.melody');
    assert.equal(imported.code, 0, imported.stderr);
    const melody = JSON.parse(fs.readFileSync(path.join(ws.dir, 'order-triage.melody'), 'utf8')) as { format: string; nodes: Array<{ id: string; operator: string }> };
    assert.equal(melody.format, 'melody/1');
    assert.deepEqual(melody.nodes.map((n) => [n.id, n.operator]), [
      ['When clicking ‘Execute workflow’', 'core.manual-trigger'],
      ['Orders', 'core.set'],
      ['Split Out', 'core.split'],
      ['Big order?', 'core.if'],
      ['Mark priority', 'core.set'],
      ['Largest first', 'core.sort'],
      ['Standard queue', 'core.noop'],
    ]);
    const run = await runMelody(ws.dir, 'order-triage.melody');
    assert.equal(run.code, 0, describeRun(run));
    assert.deepEqual(itemsByNode(run), EXPECTED);
  });
});
