import assert from 'node:assert/strict';
import { z } from 'zod';
import { BusError, MessageBus, ServiceRegistry, channelMatcher } from '../../../../src/core/bus';

describe('ServiceRegistry', () => {
  const decl = (version: string) => ({
    name: 'tokenizer',
    version,
    methods: { count: { input: z.object({ text: z.string() }), output: z.number() } },
  });

  it('resolves the newest provider in range and calls it through the bus', async () => {
    const bus = new MessageBus();
    const services = new ServiceRegistry(bus);
    services.declare('old-tok', decl('1.2.0'));
    services.declare('new-tok', decl('2.0.0'));
    services.provide('old-tok', 'tokenizer', { count: (a) => (a as { text: string }).text.length });
    services.provide('new-tok', 'tokenizer', { count: (a) => (a as { text: string }).text.split(' ').length });
    assert.equal(await services.consume('me', 'tokenizer', '^1.0.0').count!({ text: 'hello world' }), 11);
    assert.equal(await services.consume('me', 'tokenizer', '>=2').count!({ text: 'hello world' }), 2);
    assert.throws(() => services.consume('me', 'tokenizer', '^3.0.0'), (e: BusError) => e.code === 'ServiceUnavailable' && /old-tok@1.2.0/.test(e.message));
    assert.throws(() => services.consume('me', 'missing', '*'), /no installed extension provides/);
  });

  it('validates arguments and results against the declared schemas', async () => {
    const bus = new MessageBus();
    const services = new ServiceRegistry(bus);
    services.declare('tok', decl('1.0.0'));
    services.provide('tok', 'tokenizer', { count: () => 'not a number' });
    const proxy = services.consume('me', 'tokenizer', '*');
    await assert.rejects(proxy.count!({ text: 5 }), (e: BusError) => e.code === 'InvalidMessage');
    await assert.rejects(proxy.count!({ text: 'x' }), /does not match its declared output/);
  });

  it('activates an inactive provider on first call', async () => {
    const bus = new MessageBus();
    const services: ServiceRegistry = new ServiceRegistry(bus, async (ext) => {
      services.provide(ext, 'tokenizer', { count: () => 7 });
    });
    services.declare('lazy-tok', decl('1.0.0'));
    assert.equal(services.resolve('tokenizer', '*').active, false);
    assert.equal(await services.consume('me', 'tokenizer', '*').count!({ text: 'x' }), 7);
  });

  it('permission-checks calls as bus requests', async () => {
    const bus = new MessageBus({
      authorizer: {
        canPublish: (ext, ch) => ext === 'friend' && channelMatcher('service/tokenizer/**')(ch),
        canSubscribe: (ext) => ext === 'tok',
      },
    });
    const services = new ServiceRegistry(bus);
    services.declare('tok', decl('1.0.0'));
    services.provide('tok', 'tokenizer', { count: () => 1 });
    assert.equal(await services.consume('friend', 'tokenizer', '*').count!({ text: 'a' }), 1);
    await assert.rejects(services.consume('stranger', 'tokenizer', '*').count!({ text: 'a' }), (e: BusError) => e.code === 'PermissionDenied');
  });
});
