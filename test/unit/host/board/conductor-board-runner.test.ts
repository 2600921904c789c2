import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConductorBoardRunner } from '../../../../src/host/board/conductor-board-runner';
import { createDefaultRegistry } from '../../../../src/core/conductor/default-registry';
import type { BoardRunEvent } from '../../../../src/protocol/board';

const hello = fs.readFileSync(path.resolve(__dirname, '../../../../examples/hello.melody'), 'utf8');

function runner(): ConductorBoardRunner {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'board-runner-'));
  return new ConductorBoardRunner({ registry: createDefaultRegistry(), workspaceRootFor: () => root });
}

async function collect(r: ConductorBoardRunner, text: string, fromNode?: string): Promise<BoardRunEvent[]> {
  const events: BoardRunEvent[] = [];
  await r.start({ text, fileName: '/ws/hello.melody', fromNode }, (e) => events.push(e)).done;
  return events;
}

describe('board runner over the conductor', () => {
  it('reports node states with counts and durations, the items of each node, and the end of the run', async () => {
    const events = await collect(runner(), hello);
    assert.equal(events[0].kind, 'runStarted');
    assert.deepEqual(events[0].kind === 'runStarted' && [...events[0].nodes].sort(), ['done', 'greet', 'start']);
    const completed = events.filter((e) => e.kind === 'nodeState' && e.state === 'completed').map((e) => e.kind === 'nodeState' && e.node);
    assert.deepEqual(completed, ['start', 'greet', 'done']);
    const greet = events.find((e) => e.kind === 'nodeState' && e.node === 'greet' && e.state === 'completed');
    assert.ok(greet?.kind === 'nodeState' && greet.outputCount === 1 && typeof greet.durationMs === 'number');
    const data = events.find((e) => e.kind === 'nodeData' && e.node === 'greet');
    assert.ok(data?.kind === 'nodeData');
    assert.equal(data.output[0][0].greeting, 'Hello from Symphony');
    assert.equal(data.input.length, 1, 'one input port, fed by start');
    const last = events[events.length - 1];
    assert.equal(last.kind === 'runFinished' && last.status, 'completed');
  });

  it('fails an invalid melody before it starts, naming the line', async () => {
    const events = await collect(runner(), hello.replace('"core.noop"', '"core.nope"'));
    const last = events[events.length - 1];
    assert.equal(last.kind, 'runFinished');
    assert.equal(last.kind === 'runFinished' && last.status, 'failed');
    assert.match(last.kind === 'runFinished' ? (last.error?.message ?? '') : '', /core\.nope/);
  });

  it('runs from a node, reusing what ran before it', async () => {
    const r = runner();
    await collect(r, hello);
    const events = await collect(r, hello, 'done');
    const ran = events.filter((e) => e.kind === 'nodeState' && e.state === 'running').map((e) => e.kind === 'nodeState' && e.node);
    assert.deepEqual(ran, ['done']);
  });

  it('records board runs in the run history when asked', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'board-runner-history-'));
    try {
      const r = new ConductorBoardRunner({ registry: createDefaultRegistry(), workspaceRootFor: () => root, history: true });
      await collect(r, hello);
      const runs = fs.readdirSync(path.join(root, '.symphony', 'runs'));
      assert.equal(runs.length, 1);
      assert.equal(JSON.parse(fs.readFileSync(path.join(root, '.symphony', 'runs', runs[0]!), 'utf8')).status, 'Completed');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
