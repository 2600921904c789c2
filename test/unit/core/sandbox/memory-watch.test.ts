// The resident-memory cap covers what the V8 heap cap does not (Buffers, typed arrays). Where the
// host cannot read /proc (macOS, Windows; simulated here with memoryPollMs = 0), the size the child
// reports with each heartbeat enforces it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeExtension, type GuestErrorParams, type SandboxRuntime } from '../../../../src/core/sandbox';
import { eventually, isAlive, makeRuntime } from './sandbox-fixture';

const GROWER = String.raw`
exports.activate = function activate(symphony) {
  const keep = [];
  symphony.commands.register('grow.start', async () => {
    // Typed arrays live outside the V8 heap, so its cap never sees them; 40 × 8 MB at most, so a
    // broken watch cannot take the test machine's memory with it.
    setInterval(() => { if (keep.length < 40) keep.push(new Uint8Array(8 * 1024 * 1024).fill(1)); }, 20);
    return 'growing';
  });
  symphony.commands.register('grow.ok', async () => 'ok');
};
`;

describe('sandbox memory cap without /proc', function () {
  this.timeout(60_000);
  let dir: string;
  let runtime: SandboxRuntime;

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-grow-')));
    fs.writeFileSync(path.join(dir, 'index.js'), GROWER);
    runtime = await makeRuntime(dir, {
      baseRssMb: 64,
      processLimits: { heartbeatMs: 100, heartbeatTimeoutMs: 2000, memoryPollMs: 0 },
      restart: { baseMs: 10, maxMs: 100, maxCrashes: 50 },
    });
  });
  after(() => {
    runtime.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops a child whose buffers grow past the cap, from the size it reports, and restarts it', async () => {
    const errors: GuestErrorParams[] = [];
    runtime.onDidReportError((e) => errors.push(e));
    const sb = await runtime.start(describeExtension({ dir, package: { name: 'grower' }, security: { sandbox_level: 'moderate' }, performance: { limits: { memory_mb: 32 } } }));
    const pid = sb.pid!;
    assert.equal(await sb.invoke('grow.start'), 'growing');
    await eventually(() => !isAlive(pid), 10_000);
    await eventually(() => errors.some((e) => /over its cap of 96 MB/.test(e.message)), 5000);
    assert.equal(await sb.invoke('grow.ok'), 'ok');
    assert.notEqual(sb.pid, pid, 'a new child serves the next call');
  });
});
