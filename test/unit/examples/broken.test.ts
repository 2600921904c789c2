import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { symphonyBundle } from './cli-bundle';
import { copyExamples, type ExampleWorkspace, runMelody } from './examples-workspace';

describe('examples/broken/cycle.melody', () => {
  let ws: ExampleWorkspace;
  beforeEach(() => (ws = copyExamples()));
  afterEach(() => ws.cleanup());

  // validate runs from the bundle: it loads the melody validator with import(), which the
  // in-process test loader (tsx/cjs) cannot resolve.
  it('symphony validate names the cycle path, the node and its line', async function () {
    this.timeout(60_000);
    const text = await symphonyBundle(ws.dir, 'validate', 'broken/cycle.melody');
    assert.equal(text.code, 1);
    const file = path.join(ws.dir, 'broken/cycle.melody');
    assert.equal(
      text.stdout.trim(),
      [
        `invalid ${file} (melody) — 1 error`,
        `  ${file}:20:5 — nodes[2]: error CycleDetected: the connections form a cycle: check → retry → tidy → check (remove one of the connections between "check", "retry", "tidy")`,
      ].join('\n'),
    );
    const json = await symphonyBundle(ws.dir, 'validate', 'broken/cycle.melody', '--json');
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout), {
      ok: false,
      files: [{
        file,
        kind: 'melody',
        valid: false,
        diagnostics: [{
          severity: 'error',
          code: 'CycleDetected',
          message: 'the connections form a cycle: check → retry → tidy → check',
          path: 'nodes[2]',
          fix: 'remove one of the connections between "check", "retry", "tidy"',
          source: 'melody',
          file,
          line: 20,
          column: 5,
        }],
      }],
    });
  });

  it('symphony run refuses it before any node runs and records no run', async () => {
    const run = await runMelody(ws.dir, 'broken/cycle.melody');
    assert.equal(run.code, 1);
    assert.equal(run.status, 'Failed');
    assert.deepEqual(run.nodes, {});
    assert.deepEqual(run.diagnostics?.map((d) => [d.code, d.message]), [['CycleDetected', 'the connections form a cycle: check → retry → tidy → check']]);
    assert.equal(fs.existsSync(path.join(ws.dir, '.symphony/runs')), false);
  });

  it('runs once the cycle is broken', async () => {
    const file = path.join(ws.dir, 'broken/cycle.melody');
    const melody = JSON.parse(fs.readFileSync(file, 'utf8')) as { connections: Array<{ from: { node: string }; to: { node: string } }> };
    melody.connections = melody.connections.filter((c) => !(c.from.node === 'retry' && c.to.node === 'tidy'));
    fs.writeFileSync(file, JSON.stringify(melody, null, 2));
    const run = await runMelody(ws.dir, 'broken/cycle.melody');
    assert.equal(run.code, 0);
    assert.deepEqual(run.nodes.retry!.outputs, [[{ tidy: true }]]);
  });
});
