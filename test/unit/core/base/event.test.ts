import assert from 'node:assert/strict';
import { Emitter, once } from '../../../../src/core/base/event';

describe('Emitter', () => {
  it('delivers to every listener until it unsubscribes', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    const sub = emitter.event((n) => seen.push(n));
    emitter.fire(1);
    sub.dispose();
    emitter.fire(2);
    assert.deepEqual(seen, [1]);
    assert.equal(emitter.listenerCount, 0);
  });

  it('isolates a throwing listener from the others', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<string>((e) => errors.push(e));
    const seen: string[] = [];
    emitter.event(() => { throw new Error('bad listener'); });
    emitter.event((s) => seen.push(s));
    emitter.fire('x');
    assert.deepEqual(seen, ['x']);
    assert.equal(errors.length, 1);
  });

  it('once() resolves with the next value', async () => {
    const emitter = new Emitter<string>();
    const next = once(emitter.event);
    emitter.fire('a');
    emitter.fire('b');
    assert.equal(await next, 'a');
  });
});
