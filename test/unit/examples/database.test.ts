import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadSqlJs } from '../../../src/core/operators/db/sqlite-engine';
import { copyExamples, describeRun, type ExampleWorkspace, itemsByNode, runMelody } from './examples-workspace';

const NOTES = [
  { title: 'Buy milk', done: 1 },
  { title: 'Call the harbour master', done: 0 },
  { title: 'Check the tide tables', done: 0 },
];

/** Every row of the notes table, read from the file with a separate SQLite instance. */
async function rowsOnDisk(file: string): Promise<unknown[][]> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(fs.readFileSync(file));
  try {
    return db.exec('SELECT id, title, done FROM notes ORDER BY id')[0]?.values ?? [];
  } finally {
    db.close();
  }
}

describe('examples/database.melody', () => {
  let ws: ExampleWorkspace;
  beforeEach(() => (ws = copyExamples()));
  afterEach(() => ws.cleanup());

  it('creates out/notes.sqlite, inserts the notes with parameters and selects the open ones', async () => {
    assert.equal(fs.existsSync(path.join(ws.dir, 'out/notes.sqlite')), false);
    const run = await runMelody(ws.dir, 'database.melody');
    assert.equal(run.code, 0, describeRun(run));
    assert.deepEqual(itemsByNode(run), {
      start: [[{}]],
      schema: [[{ changes: 0 }]],
      clear: [[{ changes: 0 }]],
      rows: [[{ notes: NOTES }]],
      split: [NOTES],
      insert: [[{ changes: 1 }, { changes: 1 }, { changes: 1 }]],
      open: [[{ id: 2, title: 'Call the harbour master' }, { id: 3, title: 'Check the tide tables' }]],
    });
    assert.deepEqual(await rowsOnDisk(path.join(ws.dir, 'out/notes.sqlite')), [
      [1, 'Buy milk', 1],
      [2, 'Call the harbour master', 0],
      [3, 'Check the tide tables', 0],
    ]);
  });

  it('replaces the notes on a second run instead of adding to them', async () => {
    assert.equal((await runMelody(ws.dir, 'database.melody')).code, 0);
    const again = await runMelody(ws.dir, 'database.melody');
    assert.equal(again.code, 0, describeRun(again));
    assert.deepEqual(again.nodes.clear!.outputs, [[{ changes: 3 }]]);
    assert.deepEqual(again.nodes.open!.outputs, [[{ id: 2, title: 'Call the harbour master' }, { id: 3, title: 'Check the tide tables' }]]);
    assert.equal((await rowsOnDisk(path.join(ws.dir, 'out/notes.sqlite'))).length, 3);
  });
});
