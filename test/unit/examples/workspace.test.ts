// The sample workspace as a whole: every melody in it has a test in this folder, the README
// mentions it, and the CLI bundle a CI job runs gives the same items as the in-process CLI.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildCli, symphonyBundle } from './cli-bundle';
import { copyExamples, describeRun, EXAMPLES, type ExampleWorkspace, exampleMelodies, itemsByNode, runMelody, type RunJson } from './examples-workspace';

/** Each melody of examples/ and the test file in this folder that runs it. */
const COVERED: Record<string, string> = {
  'ai.melody': 'ai.test.ts',
  'broken/cycle.melody': 'broken.test.ts',
  'build.melody': 'build.test.ts',
  'database.melody': 'database.test.ts',
  'extensions.melody': 'extensions.test.ts',
  'files.melody': 'files.test.ts',
  'git.melody': 'git.test.ts',
  'hello.melody': 'workspace.test.ts',
  'http.melody': 'http.test.ts',
};

/** Drops the values that change from run to run (fs.list's modification times). */
function stable(run: RunJson): Record<string, unknown> {
  const items = itemsByNode(run);
  return JSON.parse(JSON.stringify(items, (key, value: unknown) => (key === 'modified' ? '<time>' : value))) as Record<string, unknown>;
}

describe('examples/ as a workspace', () => {
  let ws: ExampleWorkspace;
  beforeEach(() => (ws = copyExamples()));
  afterEach(() => ws.cleanup());

  it('has a test for every melody, and the README names every melody', () => {
    assert.deepEqual(exampleMelodies(), Object.keys(COVERED).sort(), 'a melody was added or removed: add its test here and to COVERED');
    for (const test of new Set(Object.values(COVERED))) assert.ok(fs.existsSync(path.join(__dirname, test)), test);
    const readme = fs.readFileSync(path.join(EXAMPLES, 'README.md'), 'utf8');
    for (const melody of [...exampleMelodies(), 'n8n/order-triage.json']) assert.ok(readme.includes(melody), `examples/README.md does not mention ${melody}`);
  });

  it('hello.melody sets the greeting', async () => {
    const run = await runMelody(ws.dir, 'hello.melody');
    assert.equal(run.code, 0, describeRun(run));
    const greeting = { greeting: 'Hello from Symphony', audience: 'world' };
    assert.deepEqual(itemsByNode(run), { start: [[{}]], greet: [[greeting]], done: [[greeting]] });
  });

  it('records every run in .symphony/runs/, newest last, with its status and items', async () => {
    await runMelody(ws.dir, 'hello.melody');
    await runMelody(ws.dir, 'database.melody');
    const runs = fs.readdirSync(path.join(ws.dir, '.symphony/runs')).sort();
    assert.equal(runs.length, 2);
    assert.match(runs[0]!, /^\d{4}-\d\d-\d\dT[\d-]+Z-hello-symphony\.json$/);
    assert.match(runs[1]!, /-notes-in-sqlite\.json$/);
    const record = JSON.parse(fs.readFileSync(path.join(ws.dir, '.symphony/runs', runs[1]!), 'utf8')) as { format: string; file: string; status: string; melody: string };
    assert.deepEqual([record.format, record.file, record.status, record.melody], ['symphony-run/1', 'database.melody', 'Completed', 'Notes in SQLite']);
  });

  it('the built CLI, as CI runs it, validates the melodies and gives the same items as in process', async function () {
    this.timeout(120_000);
    // extensions.melody needs the workspace sub-extensions, which `symphony validate` does not load
    // (`symphony run` does; extensions.test.ts runs it).
    const melodies = exampleMelodies().filter((m) => !m.startsWith('broken/') && m !== 'extensions.melody');
    const validated = await symphonyBundle(ws.dir, 'validate', ...melodies);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    assert.equal(validated.stdout.trim().split('\n').filter((l) => l.startsWith('ok ')).length, melodies.length, validated.stdout);

    const fresh = () => fs.rmSync(path.join(ws.dir, 'out'), { recursive: true, force: true });
    for (const file of ['hello.melody', 'files.melody', 'database.melody', 'n8n/order-triage.json']) {
      fresh();
      const bundled = await symphonyBundle(ws.dir, 'run', file, '--json');
      assert.equal(bundled.code, 0, `${file}: ${bundled.stdout}${bundled.stderr}`);
      fresh();
      const inProcess = await runMelody(ws.dir, file);
      assert.equal(inProcess.code, 0, describeRun(inProcess));
      assert.deepEqual(stable(JSON.parse(bundled.stdout) as RunJson), stable(inProcess), file);
    }
  });

  it('the built CLI loads the Code node\'s runner and the PostgreSQL client from their own files', async function () {
    this.timeout(120_000);
    const trigger = { id: 'start', operator: 'core.manual-trigger', name: 'Start', position: { x: 0, y: 0 }, params: {} };
    const melody = (name: string, node: Record<string, unknown>) =>
      JSON.stringify({ format: 'melody/1', name, nodes: [trigger, { position: { x: 200, y: 0 }, ...node }], connections: [{ from: { node: 'start', port: 'main' }, to: { node: String(node.id), port: 'main' } }] });
    fs.writeFileSync(path.join(ws.dir, 'lazy-code.melody'), melody('Code', { id: 'code', operator: 'core.code', name: 'Code', params: { jsCode: 'return [{ json: { n: 6 * 7 } }];' } }));
    const cli = fs.readFileSync(await buildCli(), 'utf8');
    assert.ok(!cli.includes('QTS_NewRuntime'), 'the QuickJS runner was inlined into cli.js');
    assert.ok(!cli.includes('Client has already been connected'), 'the PostgreSQL client was inlined into cli.js');
    const code = await symphonyBundle(ws.dir, 'run', 'lazy-code.melody', '--json');
    assert.equal(code.code, 0, code.stdout + code.stderr);
    assert.deepEqual(itemsByNode(JSON.parse(code.stdout) as RunJson).code, [[{ n: 42 }]]);

    const url = process.env.SYMPHONY_TEST_PG_URL;
    if (!url) return void console.log('      (PostgreSQL part skipped: SYMPHONY_TEST_PG_URL is not set; scripts/test-all.mjs sets it)');
    fs.writeFileSync(path.join(ws.dir, 'lazy-pg.melody'), melody('PG', { id: 'q', operator: 'db.query', name: 'Query', params: { database: 'postgres', connection: 'lazy_pg', query: 'select $1::int + 1 as n', params: [41] } }));
    process.env.SYMPHONY_SECRET_LAZY_PG = url;
    try {
      const pg = await symphonyBundle(ws.dir, 'run', 'lazy-pg.melody', '--json');
      assert.equal(pg.code, 0, pg.stdout + pg.stderr);
      assert.deepEqual(itemsByNode(JSON.parse(pg.stdout) as RunJson).q, [[{ n: 42 }]]);
    } finally {
      delete process.env.SYMPHONY_SECRET_LAZY_PG;
    }
  });
});
