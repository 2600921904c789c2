import assert from 'node:assert/strict';
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
