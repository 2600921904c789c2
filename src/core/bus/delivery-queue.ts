import type { BusMessage } from './bus-message';

/** What a subscriber's queue does when it is full: drop the oldest, drop the new one, or refuse the publish. */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'reject';

/**
 * A bounded FIFO between the publisher and one subscriber. Publishing only enqueues; a drain
 * scheduled on the microtask queue delivers in batches, so a slow subscriber never blocks the
 * publisher and one subscriber's backlog never delays another's.
 */
export class DeliveryQueue {
  private buffer: Array<BusMessage | undefined>;
  private head = 0;
  private count = 0;
  private scheduled = false;
  private draining: Promise<void> | undefined;
  dropped = 0;
  delivered = 0;

  constructor(
    readonly capacity: number,
    readonly policy: OverflowPolicy,
    private readonly deliver: (message: BusMessage) => void | Promise<void>,
    private readonly onError: (err: unknown, message: BusMessage) => void,
  ) {
    this.buffer = new Array(Math.min(capacity, 1024));
  }

  get length(): number {
    return this.count;
  }

  /** Returns false when the message was not queued (full with `drop-newest` or `reject`). */
  push(message: BusMessage): boolean {
    if (this.count >= this.capacity) {
      if (this.policy === 'drop-oldest') {
        this.shift();
        this.dropped++;
      } else {
        this.dropped++;
        return false;
      }
    }
    if (this.count === this.buffer.length) this.grow();
    this.buffer[(this.head + this.count) % this.buffer.length] = message;
    this.count++;
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => void this.drain());
    }
    return true;
  }

  /** Resolves when everything queued so far has been handed to the subscriber. */
  async idle(): Promise<void> {
    while (this.count > 0 || this.draining || this.scheduled) {
      await (this.draining ?? Promise.resolve());
      await new Promise<void>((r) => setImmediate(r));
    }
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    // A drain already running picks up what was pushed meanwhile.
    if (this.draining) return;
    let resolveDone!: () => void;
    this.draining = new Promise((r) => (resolveDone = r));
    try {
      while (this.count > 0) {
        const message = this.shift()!;
        try {
          const result = this.deliver(message);
          // Only an async subscriber makes the queue wait; sync ones are delivered in one batch.
          if (result && typeof (result as Promise<void>).then === 'function') await result;
        } catch (err) {
          this.onError(err, message);
        }
        this.delivered++;
      }
    } finally {
      this.draining = undefined;
      resolveDone();
    }
  }

  private shift(): BusMessage | undefined {
    if (this.count === 0) return undefined;
    const message = this.buffer[this.head];
    this.buffer[this.head] = undefined;
    this.head = (this.head + 1) % this.buffer.length;
    this.count--;
    return message;
  }

  private grow(): void {
    const next = new Array<BusMessage | undefined>(Math.min(this.buffer.length * 2, this.capacity));
    for (let i = 0; i < this.count; i++) next[i] = this.buffer[(this.head + i) % this.buffer.length];
    this.buffer = next;
    this.head = 0;
  }
}
