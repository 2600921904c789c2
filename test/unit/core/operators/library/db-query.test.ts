import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dbQuery } from '../../../../../src/core/operators/db/db-query';
import { run } from './test-context';

describe('db.query on a real SQLite file', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-db-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates, writes per item with parameters, and reads rows back as items', async () => {
    await run(dbQuery, root, { file: 'app.sqlite', create: true, mode: 'once', query: 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)' });
    // Parameters per item: a name with a quote must be stored as data, never as SQL.
    const inserted = await run(dbQuery, root, { file: 'app.sqlite', query: 'INSERT INTO users (name) VALUES (?)', params: ["O'Brien"] }, [[{ json: {} }, { json: {} }]]);
    assert.deepEqual(inserted[0]!.map((i) => i.json.changes), [1, 1]);
    const [rows] = await run(dbQuery, root, { file: 'app.sqlite', mode: 'once', query: 'SELECT id, name FROM users ORDER BY id' });
    assert.deepEqual(rows!.map((i) => i.json), [{ id: 1, name: "O'Brien" }, { id: 2, name: "O'Brien" }]);
  });

  it('rolls the whole node back when one statement fails, leaving the file untouched', async () => {
    await run(dbQuery, root, { file: 'app.sqlite', create: true, mode: 'once', query: 'CREATE TABLE t (v INTEGER NOT NULL)' });
    const before = fs.readFileSync(path.join(root, 'app.sqlite'));
    await assert.rejects(
      run(dbQuery, root, { file: 'app.sqlite', query: 'INSERT INTO t (v) VALUES (?)', params: [null] }, [[{ json: {} }]]),
      /SQLite rejected the query for item 0: NOT NULL constraint failed.*nothing was written/,
    );
    assert.deepEqual(fs.readFileSync(path.join(root, 'app.sqlite')), before);
  });

  it('names a missing database file', async () => {
    await assert.rejects(run(dbQuery, root, { file: 'missing.sqlite', query: 'SELECT 1' }), /does not exist; set "create"/);
  });
});

describe('db.query on a real PostgreSQL server', function () {
  const url = process.env.SYMPHONY_TEST_PG_URL;
  before(function () {
    if (!url) {
      console.log('    (skipped: SYMPHONY_TEST_PG_URL is not set; scripts/start-postgres.sh starts a local server and prints it)');
      this.skip();
    }
  });
  const secrets = { getSecret: async (n: string) => (n === 'pg' ? url : undefined) };
  const table = `symphony_test_${process.pid}`;

  it('runs parameterised statements in one transaction and returns rows', async () => {
    await run(dbQuery, '.', { database: 'postgres', connection: 'pg', mode: 'once', query: `CREATE TABLE ${table} (id serial primary key, name text not null)` }, [[]], secrets);
    try {
      await run(dbQuery, '.', { database: 'postgres', connection: 'pg', query: `INSERT INTO ${table} (name) VALUES ($1)`, params: ['ada'] }, [[{ json: {} }, { json: {} }]], secrets);
      await assert.rejects(
        run(dbQuery, '.', { database: 'postgres', connection: 'pg', query: `INSERT INTO ${table} (name) VALUES ($1)`, params: [null] }, [[{ json: {} }]], secrets),
        /rolled back/,
      );
      const [rows] = await run(dbQuery, '.', { database: 'postgres', connection: 'pg', mode: 'once', query: `SELECT name FROM ${table} ORDER BY id` }, [[]], secrets);
      assert.deepEqual(rows!.map((r) => r.json.name), ['ada', 'ada']);
    } finally {
      await run(dbQuery, '.', { database: 'postgres', connection: 'pg', mode: 'once', query: `DROP TABLE ${table}` }, [[]], secrets);
    }
  });

  it('reports a connection failure without leaking the password', async () => {
    const bad = { getSecret: async () => 'postgres://symphony:hunter2@127.0.0.1:1/none' };
    await assert.rejects(run(dbQuery, '.', { database: 'postgres', connection: 'pg', query: 'SELECT 1' }, [[]], bad), (e: Error) => /cannot connect/.test(e.message) && !e.message.includes('hunter2'));
  });
});
