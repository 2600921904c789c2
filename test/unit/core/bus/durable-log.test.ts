import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DurableLog, MessageBus, type BusMessage } from '../../../../src/core/bus';

describe('durable channels', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-bus-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function newBus(maxEntries?: number) {
    const bus = new MessageBus({ durableLog: new DurableLog(dir, { maxEntries }) });
    bus.declareChannel({ name: 'audit/events', durable: true });
    return bus;
  }

  it('replays what a subscriber missed while it was away, after a restart of the whole bus', async () => {
    const first = newBus();
    const seen: number[] = [];
    const sub = first.subscribe('auditor', 'audit/*', (m: BusMessage<number>) => { seen.push(m.data); }, { durableConsumer: 'auditor' });
    first.publish('x', 'audit/events', 1);
    first.publish('x', 'audit/events', 2);
    await first.idle();
    sub.dispose();
    first.publish('x', 'audit/events', 3);
    first.publish('x', 'audit/events', 4);

    // A new process: new bus, same folder.
    const second = newBus();
    const replayed: number[] = [];
    second.subscribe('auditor', 'audit/*', (m: BusMessage<number>) => { replayed.push(m.data); }, { durableConsumer: 'auditor' });
    await second.idle();
    assert.deepEqual(seen, [1, 2]);
    assert.deepEqual(replayed, [3, 4]);
  });

  it('redelivers a message whose handler failed (at-least-once)', async () => {
    const bus = newBus();
    let fail = true;
    const sub = bus.subscribe('c', 'audit/events', () => { if (fail) throw new Error('not yet'); }, { durableConsumer: 'c' });
    bus.publish('x', 'audit/events', 'important');
    await bus.idle();
    sub.dispose();
    fail = false;
    const again = newBus();
    const got: string[] = [];
    again.subscribe('c', 'audit/events', (m: BusMessage<string>) => { got.push(m.data); }, { durableConsumer: 'c' });
    await again.idle();
    assert.deepEqual(got, ['important']);
  });

  it('compacts acknowledged messages and bounds the log', async () => {
    const log = new DurableLog(dir, { maxEntries: 20 });
    const bus = new MessageBus({ durableLog: log });
    bus.declareChannel({ name: 'audit/events', durable: true });
    bus.subscribe('c', 'audit/events', () => undefined, { durableConsumer: 'c' });
    for (let i = 0; i < 100; i++) bus.publish('x', 'audit/events', i);
    await bus.idle();
    log.compact('audit/events');
    assert.equal(log.size('audit/events'), 0);
    const lines = fs.readFileSync(path.join(dir, 'audit%2Fevents.log'), 'utf8').split('\n').filter(Boolean);
    assert.equal(lines.length, 0);
    // A consumer that never acknowledges: the bound still holds.
    const stuck = new MessageBus({ durableLog: log });
    stuck.declareChannel({ name: 'audit/events', durable: true });
    stuck.subscribe('s', 'audit/events', () => new Promise(() => undefined), { durableConsumer: 'stuck' });
    for (let i = 0; i < 100; i++) stuck.publish('x', 'audit/events', i);
    assert.ok(log.size('audit/events') <= 20 + 10, `log holds ${log.size('audit/events')}`);
    assert.ok((log.lost.get('audit/events') ?? 0) > 0);
  });

  it('survives a torn last line from a crash mid-append', () => {
    const log = new DurableLog(dir);
    log.append({ seq: 1, channel: 'audit/events', sender: 'x', data: 'ok', timestamp: 0 });
    fs.appendFileSync(path.join(dir, 'audit%2Fevents.log'), '{"seq":2,"chan');
    const reopened = new DurableLog(dir);
    assert.deepEqual(reopened.unacknowledged('audit/events', 'new').map((m) => m.data), ['ok']);
  });
});
