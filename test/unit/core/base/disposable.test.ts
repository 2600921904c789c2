import assert from 'node:assert/strict';
import { DisposableStore, toDisposable } from '../../../../src/core/base/disposable';

describe('DisposableStore', () => {
  it('disposes every item newest first, once', () => {
    const order: number[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push(1)));
    store.add(toDisposable(() => order.push(2)));
    store.dispose();
    store.dispose();
    assert.deepEqual(order, [2, 1]);
    assert.equal(store.size, 0);
  });

  it('disposes an item added after the store died instead of leaking it', () => {
    const store = new DisposableStore();
    store.dispose();
    let disposed = false;
    store.add(toDisposable(() => (disposed = true)));
    assert.equal(disposed, true);
  });

  it('keeps disposing when one item throws, then reports it', () => {
    const store = new DisposableStore();
    let second = false;
    store.add(toDisposable(() => (second = true)));
    store.add(toDisposable(() => { throw new Error('boom'); }));
    assert.throws(() => store.dispose(), /boom/);
    assert.equal(second, true);
  });
});
