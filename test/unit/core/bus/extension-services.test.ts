import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostChannels } from '../../../../src/core/bus';
import { openBusWorld, type BusWorld } from './extension-bus-fixture';

type Failure = { code?: string; message?: string };

describe('services and events between sandboxed extensions', function () {
  this.timeout(60_000);
  let world: BusWorld;

  before(async () => {
    world = await openBusWorld();
  });
  after(async () => {
    await world?.dispose();
  });

  it('a strict consumer calls a moderate provider through the host, activating the provider on the first call', async () => {
    assert.notEqual(world.host.get('word-count')!.state, 'Active');
    const seen: string[] = [];
    const sub = world.bus.subscribe('symphony', 'service/**', (m) => void seen.push(`${m.sender} ${m.channel}`));
    const result = await world.host.executeCommand('counter-client.count', { text: 'one two  three' });
    assert.deepEqual({ ...(result as object), served: undefined }, { words: 3, by: 'word-count@1.4.0', served: undefined });
    assert.equal(world.host.get('word-count')!.state, 'Active');
    await world.bus.idle();
    sub.dispose();
    // The call crossed the host's bus, named by the consumer, on the provider's channel.
    assert.deepEqual(seen, ['counter-client service/word-count/count/word-count']);
  });

  it('picks the newest provider within the range the consumer asks for', async () => {
    const newest = (await world.host.executeCommand('counter-client-moderate.count', { text: 'a b', range: null })) as { provider: string; version: string; result: { words: number; by: string } };
    assert.equal(newest.provider, 'word-count-next');
    assert.equal(newest.version, '2.1.0');
    assert.deepEqual(newest.result, { words: 2, by: 'word-count-next@2.1.0' });
    const v1 = (await world.host.executeCommand('counter-client-moderate.count', { text: 'a b c d', range: '^1.0.0' })) as { provider: string; result: { words: number } };
    assert.equal(v1.provider, 'word-count');
    assert.equal(v1.result.words, 4);
  });

  it('fails clearly when no provider is in range, naming the service, the range and what is installed', async () => {
    const r = (await world.host.executeCommand('counter-client-moderate.count', { text: 'x', range: '^3.0.0' })) as Failure;
    assert.equal(r.code, 'ServiceUnavailable');
    for (const part of ['"word-count"', '^3.0.0', 'word-count@1.4.0', 'word-count-next@2.1.0']) assert.ok(r.message!.includes(part), `${part} in: ${r.message}`);
  });

  it('refuses a consumer that did not declare the service in [services] consumes', async () => {
    const r = (await world.host.executeCommand('sneaky-client.count')) as Failure;
    assert.equal(r.code, 'PermissionDenied');
    assert.match(r.message!, /sneaky-client calls the service "word-count" without declaring it.*services\.consumes/);
  });

  it('a provider crash mid-call fails that call clearly, and the next call works after the restart', async () => {
    await world.host.executeCommand('counter-client.count', { text: 'warm up' });
    const pid = world.sandbox.get('word-count')!.pid!;
    assert.ok(pid, 'the provider runs in its own child');
    const pending = world.host.executeCommand('counter-client.slow', { ms: 20_000 }) as Promise<Failure>;
    await new Promise((r) => setTimeout(r, 300));
    process.kill(pid, 'SIGKILL');
    const failed = await pending;
    assert.equal(failed.code, 'ResponderFailed', JSON.stringify(failed));
    assert.match(failed.message!, /word-count failed to answer .*its sandbox stopped while answering "word-count.slow".*restarts on the next call/);
    const again = (await world.host.executeCommand('counter-client.count', { text: 'still counting words' })) as { words: number };
    assert.equal(again.words, 3);
    assert.notEqual(world.sandbox.get('word-count')!.pid, pid, 'a new child answered');
  });

  it('a publish on a subscribed channel activates the extension (onEvent) and delivers the message to it', async () => {
    assert.notEqual(world.host.get('event-listener')!.state, 'Active');
    const seen = world.next('fixture/seen', (m) => !!(m.data as { ping?: unknown }).ping);
    world.bus.publish('symphony', 'fixture/ping', { n: 1 });
    const m = await seen;
    assert.equal(m.sender, 'event-listener', 'the publish names the emitting extension');
    assert.deepEqual(m.data, { ping: { n: 1 }, from: 'symphony', activations: 1 });
    assert.equal(world.host.get('event-listener')!.state, 'Active');
  });

  it('delivers host broadcasts to a subscribed extension', async () => {
    await world.host.activate('event-listener');
    const seen = world.next('fixture/seen', (m) => (m.data as { activated?: string }).activated === 'word-count-next');
    const broadcast = world.next(HostChannels.extensionActivated, (m) => (m.data as { id: string }).id === 'word-count-next');
    await world.host.deactivate('word-count-next');
    await world.host.activate('word-count-next');
    assert.equal((await broadcast).sender, 'symphony');
    await seen;
  });

  it('warns once when an extension publishes outside [events] emits', async () => {
    await world.host.executeCommand('event-listener.stray');
    await world.host.executeCommand('event-listener.stray');
    await world.bus.idle();
    const warnings = world.logs.filter((l) => l.includes('"fixture/undeclared"'));
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /\[event-listener\] warn: .*emits/);
  });
});

describe('services between strict extensions (symphony.services in QuickJS)', function () {
  this.timeout(60_000);
  let world: BusWorld;
  let dir: string;

  // Written at run time: two strict extensions, one providing "tally", one consuming it.
  const extensions: Record<string, Record<string, string>> = {
    'strict-tally': {
      'symphony.toml': `[package]
name = "strict-tally"
version = "2.0.0"

[runtime]
entry = "index.js"
activation_events = ["onEvent:service/tally"]

[security]
sandbox_level = "strict"
permissions = [{ name = "bus.subscribe", scope = ["service/tally/**"] }]

[[services.provides]]
name = "tally"
version = "2.0.0"

[services.provides.methods.add]
input = { type = "object", properties = { n = { type = "integer" } }, required = ["n"] }

[services.provides.methods.gone]
input = { type = "object" }

[[commands]]
id = "strict-tally.retire"
title = "Stop providing tally.gone"
`,
      'index.js': `let total = 0;
exports.activate = function activate(symphony) {
  symphony.services.provide('tally', { add: ({ n }) => ({ total: (total += n), by: 'strict-tally' }) });
  const gone = symphony.services.provide('tally', { gone: () => 'still here' });
  symphony.commands.register('strict-tally.retire', () => { gone.dispose(); return 'retired'; });
};
`,
    },
    'strict-adder': {
      'symphony.toml': `[package]
name = "strict-adder"
version = "1.0.0"

[runtime]
entry = "index.js"

[security]
sandbox_level = "strict"
permissions = [{ name = "bus.publish", scope = ["service/tally/**"] }]

[[services.consumes]]
name = "tally"
version = "^2.0.0"

[[commands]]
id = "strict-adder.add"
title = "Add through the service"

[[commands]]
id = "strict-adder.gone"
title = "Call a retired method"
`,
      'index.js': `exports.activate = function activate(symphony) {
  symphony.commands.register('strict-adder.add', (args) =>
    symphony.services.get('tally', '^2.0.0').then((tally) =>
      tally.add({ n: args.n }).then((result) => ({ provider: tally.provider, version: tally.version, methods: Object.keys(tally), result }))));
  symphony.commands.register('strict-adder.gone', () =>
    symphony.services.get('tally').then((tally) => tally.gone({})).then((r) => ({ ok: r }), (e) => ({ code: e.code, message: e.message })));
};
`,
    },
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-strict-services-'));
    for (const [name, files] of Object.entries(extensions)) {
      fs.mkdirSync(path.join(dir, name));
      for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name, file), text);
    }
    world = await openBusWorld(dir);
  });
  after(async () => {
    await world?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a strict consumer gets a proxy with services.get and calls a strict provider registered with services.provide', async () => {
    const first = (await world.host.executeCommand('strict-adder.add', { n: 2 })) as { provider: string; version: string; methods: string[]; result: { total: number; by: string } };
    assert.equal(first.provider, 'strict-tally');
    assert.equal(first.version, '2.0.0');
    assert.deepEqual([...first.methods].sort(), ['add', 'gone', 'name', 'provider', 'version']);
    assert.deepEqual(first.result, { total: 2, by: 'strict-tally' });
    const second = (await world.host.executeCommand('strict-adder.add', { n: 5 })) as { result: { total: number } };
    assert.equal(second.result.total, 7, 'the provider kept its state between calls');
  });

  it('dispose() of a provide stops serving its methods', async () => {
    assert.deepEqual(await world.host.executeCommand('strict-adder.gone'), { ok: 'still here' });
    assert.equal(await world.host.executeCommand('strict-tally.retire'), 'retired');
    const r = (await world.host.executeCommand('strict-adder.gone')) as Failure;
    assert.ok(r.code, `a call to a retired method fails: ${JSON.stringify(r)}`);
    assert.match(r.message!, /gone/);
  });
});
