import assert from 'node:assert/strict';
import { z } from 'zod';
import { BusError, MessageBus, type BusAuthorizer, type BusMessage, channelMatcher, rateLimitMiddleware } from '../../../../src/core/bus';

/** Grants by glob per extension, like a PermissionSet would. */
function authorizer(grants: Record<string, { publish?: string[]; subscribe?: string[] }>): BusAuthorizer {
  return {
    canPublish: (ext, channel) => (grants[ext]?.publish ?? []).some((g) => channelMatcher(g)(channel)),
    canSubscribe: (ext, pattern) => (grants[ext]?.subscribe ?? []).some((g) => g === pattern || channelMatcher(g)(pattern)),
  };
}

describe('MessageBus', () => {
  it('delivers in publish order per channel to glob subscribers only', async () => {
    const bus = new MessageBus();
    const git: string[] = [];
    const all: string[] = [];
    bus.subscribe('a', 'git/*', (m) => { git.push(`${m.channel}:${m.data}`); });
    bus.subscribe('b', '**', (m) => { all.push(m.channel); });
    for (let i = 0; i < 5; i++) bus.publish('x', 'git/commit', i);
    bus.publish('x', 'git/deep/nested', 'no');
    bus.publish('x', 'build/done', 'b');
    await bus.idle();
    assert.deepEqual(git, ['git/commit:0', 'git/commit:1', 'git/commit:2', 'git/commit:3', 'git/commit:4']);
    assert.deepEqual(all, ['git/commit', 'git/commit', 'git/commit', 'git/commit', 'git/commit', 'git/deep/nested', 'build/done']);
  });

  it('refuses publishes and subscriptions without bus permissions, naming permission and target', () => {
    const bus = new MessageBus({ authorizer: authorizer({ ok: { publish: ['git/*'], subscribe: ['git/*'] } }) });
    assert.throws(() => bus.publish('rogue', 'git/commit', 1), (e: BusError) => e.code === 'PermissionDenied' && e.details.permission === 'bus.publish' && /git\/commit/.test(e.message));
    assert.throws(() => bus.subscribe('rogue', 'secrets/*', () => undefined), (e: BusError) => e.code === 'PermissionDenied' && e.details.permission === 'bus.subscribe');
    assert.throws(() => bus.publish('ok', 'build/done', 1), /may not publish/);
    bus.publish('ok', 'git/commit', 1);
    assert.equal(bus.metrics.refused, 2);
  });

  it('validates messages on channels with a schema', () => {
    const bus = new MessageBus();
    bus.declareChannel({ name: 'build/done', schema: z.object({ exitCode: z.number() }) });
    bus.publish('x', 'build/done', { exitCode: 0 });
    assert.throws(() => bus.publish('x', 'build/done', { exitCode: 'zero' }), (e: BusError) => e.code === 'InvalidMessage' && /exitCode/.test(e.message));
  });

  it('rejects channel names with glob characters when publishing', () => {
    const bus = new MessageBus();
    assert.throws(() => bus.publish('x', 'git/*', 1), /not a channel name/);
  });

  it('never blocks the publisher on a slow subscriber, and drops by policy', async () => {
    const bus = new MessageBus();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: number[] = [];
    const fast: number[] = [];
    bus.subscribe('slow', 'tick', async (m: BusMessage<number>) => { await gate; slow.push(m.data); }, { queueSize: 3, overflow: 'drop-oldest' });
    bus.subscribe('fast', 'tick', (m: BusMessage<number>) => { fast.push(m.data); });
    const started = performance.now();
    for (let i = 0; i < 10; i++) bus.publish('x', 'tick', i);
    assert.ok(performance.now() - started < 50, 'publishing must not wait for subscribers');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(fast, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    release();
    await bus.idle();
    // Delivery starts after the publishing turn, so the queue kept only the newest three.
    assert.deepEqual(slow, [7, 8, 9]);
    assert.equal(bus.queues().find((q) => q.subscriber === 'slow')!.dropped, 7);
  });

  it('refuses a publish when a reject-policy queue is full', () => {
    const bus = new MessageBus();
    bus.subscribe('s', 'c', async () => new Promise(() => undefined), { queueSize: 1, overflow: 'reject' });
    bus.publish('x', 'c', 1);
    assert.throws(() => bus.publish('x', 'c', 2), (e: BusError) => e.code === 'QueueFull');
  });

  it('keeps a throwing subscriber from affecting the others', async () => {
    const errors: unknown[] = [];
    const bus = new MessageBus({ onSubscriberError: (e) => errors.push(e) });
    const seen: number[] = [];
    bus.subscribe('bad', 'c', () => { throw new Error('subscriber bug'); });
    bus.subscribe('good', 'c', (m: BusMessage<number>) => { seen.push(m.data); });
    bus.publish('x', 'c', 1);
    bus.publish('x', 'c', 2);
    await bus.idle();
    assert.deepEqual(seen, [1, 2]);
    assert.equal(errors.length, 2);
  });

  it('answers requests with correlation ids and times out when the responder is silent', async () => {
    const bus = new MessageBus();
    bus.respond('math', 'math/double', (n) => (n as number) * 2);
    bus.respond('sleepy', 'sleepy/never', () => new Promise(() => undefined));
    assert.equal(await bus.request('x', 'math/double', 21), 42);
    const started = Date.now();
    await assert.rejects(bus.request('x', 'sleepy/never', null, { timeoutMs: 50 }), (e: BusError) => e.code === 'Timeout');
    assert.ok(Date.now() - started < 1000);
    await assert.rejects(bus.request('x', 'nobody/home', null), (e: BusError) => e.code === 'NoResponder');
  });

  it('fails in-flight requests clearly when the provider goes away mid-call', async () => {
    const bus = new MessageBus();
    const provider = bus.respond('p', 'p/work', () => new Promise(() => undefined));
    const pending = bus.request('x', 'p/work', 1, { timeoutMs: 5000 });
    await new Promise((r) => setImmediate(r));
    provider.dispose();
    await assert.rejects(pending, (e: BusError) => e.code === 'ServiceUnavailable' && /stopped answering/.test(e.message));
    bus.respond('p2', 'p/work', () => 'back');
    assert.equal(await bus.request('x', 'p/work', 1), 'back');
  });

  it('reports a responder that throws as ResponderFailed', async () => {
    const bus = new MessageBus();
    bus.respond('p', 'p/crash', () => { throw new Error('provider crashed'); });
    await assert.rejects(bus.request('x', 'p/crash', 1), (e: BusError) => e.code === 'ResponderFailed' && /provider crashed/.test(e.message));
  });

  it('asks for a missing responder to be activated before failing', async () => {
    let activated = 0;
    const bus: MessageBus = new MessageBus({
      onMissingResponder: async (channel) => {
        activated++;
        bus.respond('lazy', channel, () => 'woke up');
        return true;
      },
    });
    assert.equal(await bus.request('x', 'lazy/hello', null), 'woke up');
    assert.equal(activated, 1);
  });

  it('rate-limits a chatty extension without affecting others', () => {
    let t = 0;
    const bus = new MessageBus({ middleware: [rateLimitMiddleware(10, 5, () => t)] });
    for (let i = 0; i < 5; i++) bus.publish('chatty', 'c', i);
    assert.throws(() => bus.publish('chatty', 'c', 6), (e: BusError) => e.code === 'RateLimited');
    bus.publish('calm', 'c', 1);
    t += 1000;
    bus.publish('chatty', 'c', 7);
  });

  it('handles 100 extensions × 10 channels with every message delivered once, in order', async () => {
    const bus = new MessageBus();
    const received = new Map<string, number[]>();
    for (let e = 0; e < 100; e++) {
      bus.subscribe(`ext-${e}`, `ch/${e % 10}`, (m: BusMessage<number>) => {
        const key = `ext-${e}`;
        received.set(key, [...(received.get(key) ?? []), m.data]);
      });
    }
    for (let i = 0; i < 50; i++) for (let c = 0; c < 10; c++) bus.publish(`ext-${(i + c) % 100}`, `ch/${c}`, i);
    await bus.idle();
    assert.equal(received.size, 100);
    for (const list of received.values()) assert.deepEqual(list, Array.from({ length: 50 }, (_, i) => i));
  });
});
