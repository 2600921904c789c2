import assert from 'node:assert/strict';
import { BusError, declareHostChannels, HostChannels, melodyCompletedFromRecord, MessageBus, type BusMessage } from '../../../../src/core/bus';

describe('host broadcasts', () => {
  it('declares the host channels with schemas: a malformed broadcast is refused, a good one delivered', async () => {
    const bus = new MessageBus();
    declareHostChannels(bus);
    const got: BusMessage[] = [];
    bus.subscribe('listener', 'symphony/**', (m) => void got.push(m));
    assert.throws(() => bus.publish('symphony', HostChannels.fileSaved, { uri: 'file:///a' }), (e: BusError) => e.code === 'InvalidMessage' && /at path/.test(e.message));
    bus.publish('symphony', HostChannels.fileSaved, { path: 'src/a.ts', uri: 'file:///w/src/a.ts', languageId: 'typescript' });
    await bus.idle();
    assert.deepEqual(got.map((m) => [m.channel, (m.data as { path: string }).path]), [[HostChannels.fileSaved, 'src/a.ts']]);
  });

  it('reads melody/completed from a run-history record, and nothing from a torn one', () => {
    const record = JSON.stringify({ format: 'symphony-run/1', runId: 'r1', melody: 'Summarise', status: 'Completed', durationMs: 12, file: '/w/a.melody', nodes: {} });
    assert.deepEqual(melodyCompletedFromRecord(record, '/w/.symphony/runs/x.json'), { melody: 'Summarise', status: 'Completed', runId: 'r1', durationMs: 12, file: '/w/a.melody', historyFile: '/w/.symphony/runs/x.json' });
    assert.equal(melodyCompletedFromRecord(record.slice(0, 20), 'x'), undefined);
    assert.equal(melodyCompletedFromRecord('{"runId":"r"}', 'x'), undefined);
  });
});
