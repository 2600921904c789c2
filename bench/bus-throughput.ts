// In-process publish → deliver throughput of the message bus, against a bare Emitter (the
// cheapest possible in-process fan-out) measured in the same run.
import { Emitter } from '../src/core/base/event';
import { MessageBus, channelMatcher, type BusMessage } from '../src/core/bus';

const N = 1_000_000;

async function busRun(withPermissions: boolean): Promise<number> {
  const bus = new MessageBus(
    withPermissions
      ? { authorizer: { canPublish: (_e, c) => channelMatcher('bench/*')(c), canSubscribe: () => true }, defaultQueueSize: N }
      : { defaultQueueSize: N },
  );
  let received = 0;
  bus.subscribe('sink', 'bench/*', (_m: BusMessage<number>) => { received++; });
  const payload = { n: 1 };
  const t0 = performance.now();
  for (let i = 0; i < N; i++) bus.publish('source', 'bench/tick', payload);
  await bus.idle();
  const ms = performance.now() - t0;
  if (received !== N) throw new Error(`delivered ${received} of ${N}`);
  return (N / ms) * 1000;
}

function emitterRun(): number {
  const emitter = new Emitter<{ n: number }>();
  let received = 0;
  emitter.event(() => { received++; });
  const payload = { n: 1 };
  const t0 = performance.now();
  for (let i = 0; i < N; i++) emitter.fire(payload);
  const ms = performance.now() - t0;
  if (received !== N) throw new Error('lost events');
  return (N / ms) * 1000;
}

async function main() {
  // Warm up both paths so the JIT has compiled them.
  await busRun(false);
  emitterRun();
  const baseline = emitterRun();
  const plain = await busRun(false);
  const checked = await busRun(true);
  const fmt = (x: number) => `${(x / 1e6).toFixed(2)} M msg/s`;
  console.log('message bus, in-process publish → deliver, 1,000,000 small messages');
  console.log(`  baseline (bare Emitter)              ${fmt(baseline)}`);
  console.log(`  bus (routing, metrics, queues)       ${fmt(plain)}   ratio ${(plain / baseline).toFixed(2)}×   target ≥ 1.00 M msg/s`);
  console.log(`  bus + permission check per message   ${fmt(checked)}   ratio ${(checked / baseline).toFixed(2)}×`);
}

void main();
