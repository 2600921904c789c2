// The seat belt inside every child: code that reaches plain Node there (a built-in extension, or
// guest code that got past its engine) still opens no socket, resolves no name and starts no
// process or thread. Network goes through symphony.net.http, which the host permission-checks.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeExtension, type SandboxRuntime } from '../../../../src/core/sandbox';
import { countingServer, makeRuntime } from './sandbox-fixture';

const PROBE = String.raw`
const attempt = async (fn) => {
  try { await fn(); return 'done'; } catch (e) { return 'refused: ' + (e.code || e.message); }
};
exports.activate = function activate(symphony) {
  symphony.commands.register('belt.try', async ({ url }) => {
    const u = new URL(url);
    const port = Number(u.port);
    return {
      http: await attempt(() => new Promise((res, rej) => require('http').get(url, res).on('error', rej))),
      net: await attempt(() => new Promise((res, rej) => require('net').connect(port, '127.0.0.1', res).on('error', rej))),
      fetch: await attempt(() => fetch(url)),
      dns: await attempt(() => new Promise((res, rej) => require('dns').lookup('localhost', (e, a) => (e ? rej(e) : res(a))))),
      dnsPromises: await attempt(() => require('dns').promises.lookup('localhost')),
      resolver: await attempt(() => new (require('dns').Resolver)().resolve4('localhost', () => undefined)),
      udp: await attempt(() => require('dgram').createSocket('udp4').send('x', port, '127.0.0.1')),
      listen: await attempt(() => require('net').createServer().listen(0)),
      spawn: await attempt(() => require('child_process').execFileSync(process.execPath, ['-e', '0'])),
      worker: await attempt(() => new (require('worker_threads').Worker)('0', { eval: true })),
      binding: await attempt(() => process.binding('tcp_wrap')),
      inspector: await attempt(() => require('inspector').open(0)),
    };
  });
  symphony.commands.register('belt.http', async ({ url }) => symphony.net.http(url));
};
`;

describe('the seat belt inside a sandbox child', function () {
  this.timeout(60_000);
  let dir: string;
  let runtime: SandboxRuntime;
  let server: Awaited<ReturnType<typeof countingServer>>;

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-belt-')));
    fs.writeFileSync(path.join(dir, 'index.js'), PROBE);
    server = await countingServer();
    runtime = await makeRuntime(dir);
  });
  after(async () => {
    runtime.dispose();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses raw network, name lookups, processes, threads and bindings to plain Node code', async () => {
    // A built-in extension runs on plain Node in the child: the closest thing to an escaped guest.
    const host = new URL(server.url).host;
    const probe = await runtime.start(describeExtension(
      { dir, package: { name: 'belt' }, security: { sandbox_level: 'none', permissions: [{ name: 'net.http', scope: [host] }] } },
      { builtin: true },
    ));
    assert.equal(probe.engine, 'node');
    const results = (await probe.invoke('belt.try', { url: server.url })) as Record<string, string>;
    for (const [what, outcome] of Object.entries(results)) assert.match(outcome, /^refused: ERR_ACCESS_DENIED/, `${what}: ${outcome}`);
    assert.equal(server.hits(), 0, 'the local server saw no request');
    // The sanctioned way still works: the host makes the request after checking net.http.
    const answer = (await probe.invoke('belt.http', { url: server.url })) as { status: number; body: string };
    assert.equal(answer.status, 200);
    assert.equal(server.hits(), 1);
  });
});
