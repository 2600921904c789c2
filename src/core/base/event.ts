import { type Disposable, toDisposable } from './disposable';

/** A subscription point: call it with a listener, get back a Disposable that unsubscribes. */
export type Event<T> = (listener: (e: T) => void) => Disposable;

/**
 * The private side of an Event. Listeners that throw are reported through
 * `onListenerError` and never stop the other listeners.
 */
export class Emitter<T> implements Disposable {
  private listeners: Array<(e: T) => void> = [];
  private disposed = false;

  constructor(private readonly onListenerError: (err: unknown) => void = defaultListenerError) {}

  readonly event: Event<T> = (listener) => {
    if (this.disposed) return toDisposable(() => undefined);
    this.listeners.push(listener);
    return toDisposable(() => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    });
  };

  get listenerCount(): number {
    return this.listeners.length;
  }

  fire(e: T): void {
    for (const listener of this.listeners) {
      try {
        listener(e);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}

function defaultListenerError(err: unknown): void {
  console.error('[symphony] event listener failed:', err);
}

/** Resolves with the next value of an event. */
export function once<T>(event: Event<T>): Promise<T> {
  return new Promise((resolve) => {
    const sub = event((e) => {
      sub.dispose();
      resolve(e);
    });
  });
}
