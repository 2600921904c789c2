/** Something that holds a resource and releases it when disposed. */
export interface Disposable {
  dispose(): void;
}

/** Wraps a callback as a Disposable that runs at most once. */
export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/**
 * Owns a set of disposables and releases them together, newest first, so that
 * later registrations that depend on earlier ones go away before them.
 */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** How many disposables the store still holds (used by leak tests). */
  get size(): number {
    return this.items.size;
  }

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      // Adding to a dead store would leak silently; release the item at once instead.
      item.dispose();
      return item;
    }
    this.items.add(item);
    return item;
  }

  /** Removes an item without disposing it. */
  delete(item: Disposable): void {
    this.items.delete(item);
  }

  clear(): void {
    const errors: unknown[] = [];
    for (const item of [...this.items].reverse()) {
      try {
        item.dispose();
      } catch (err) {
        errors.push(err);
      }
    }
    this.items.clear();
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'several disposables failed');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}
