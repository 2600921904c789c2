// Sandbox children in a network namespace of their own (Linux, where unprivileged namespaces are
// allowed): nothing they open reaches a server on the host, even below every JavaScript lock.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { childArguments, networkNamespaceLauncher } from '../../../../src/core/sandbox';
import { countingServer, fixtureExtension, makePlayground, makeRuntime, type Playground } from './sandbox-fixture';
import { buildWorker } from './worker-bundle';

describe('network namespace of sandbox children', function () {
  this.timeout(60_000);
  let play: Playground;
  beforeEach(function () {
    if (!networkNamespaceLauncher(process.execPath)) this.skip(); // not Linux, or namespaces refused here
    play = makePlayground();
  });
  afterEach(() => play?.cleanup());

  it('leaves a process started the way children are with no route even to 127.0.0.1', async () => {
    const server = await countingServer();
    try {
      const { port } = new URL(server.url);
      const launcher = networkNamespaceLauncher(process.execPath)!;
      // Plain Node with no seat belt at all: only the namespace stands in the way.
      const script = `require('net').connect(${port}, '127.0.0.1').on('connect', () => console.log('connected')).on('error', (e) => console.log(e.code))`;
      const outside = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
      assert.equal(outside.stdout.trim(), 'connected', 'the server is reachable from outside the namespace');
      const inside = spawnSync(launcher.command, [...launcher.prefix, process.execPath, '-e', script], { encoding: 'utf8', timeout: 10_000, env: {} });
      assert.match(inside.stdout.trim(), /^E[A-Z]+$/, `inside: ${inside.stdout}${inside.stderr}`);
      assert.equal(server.hits(), 0);
    } finally {
      await server.close();
    }
  });

  it('starts every sandbox child in a network namespace other than the host’s', async () => {
    const runtime = await makeRuntime(play.workspace);
    try {
      for (const level of ['strict', 'moderate'] as const) await runtime.start(fixtureExtension('benign', level));
      const own = fs.readlinkSync('/proc/self/ns/net');
      const pids = runtime.pids();
      assert.equal(pids.length, 2);
      for (const pid of pids) assert.notEqual(fs.readlinkSync(`/proc/${pid}/ns/net`), own, `child ${pid} shares the host's network namespace`);
    } finally {
      runtime.dispose();
    }
  });

  it('can be turned off by the launch options', async () => {
    const command = childArguments({ workerPath: await buildWorker(), networkNamespace: false }, 32, [], 'vm2');
    assert.equal(command.networkNamespace, false);
    assert.equal(command.command, command.executable);
    const on = childArguments({ workerPath: await buildWorker() }, 32, [], 'vm2');
    assert.equal(on.networkNamespace, true);
    assert.notEqual(on.command, on.executable);
  });
});
