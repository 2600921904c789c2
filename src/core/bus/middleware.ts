import type { ZodType } from 'zod';
import { BusError, HOST_SENDER, type BusMessage } from './bus-message';
import { channelMatcher } from './channel-pattern';

/** The bus's question to the security layer: may this extension use this channel? */
export interface BusAuthorizer {
  canPublish(extensionId: string, channel: string): boolean;
  canSubscribe(extensionId: string, pattern: string): boolean;
}

/**
 * One step every published message passes. Return normally to let it through; throw a BusError
 * to refuse it. Steps run in order, synchronously, so publishing stays cheap.
 */
export type Middleware = (message: BusMessage) => void;

/** Refuses publishes the sender has no `bus.publish` permission for. The host is always allowed. */
export function permissionMiddleware(authorizer: BusAuthorizer): Middleware {
  return (message) => {
    if (message.sender === HOST_SENDER) return;
    if (!authorizer.canPublish(message.sender, message.channel)) {
      throw new BusError(
        'PermissionDenied',
        `${message.sender} may not publish to "${message.channel}": add { name = "bus.publish", scope = ["${message.channel}"] } to [security] permissions`,
        { permission: 'bus.publish', target: message.channel, extension: message.sender },
      );
    }
  };
}

/** Validates messages on channels that declared a zod schema. */
export function schemaMiddleware(schemaOf: (channel: string) => ZodType | undefined): Middleware {
  return (message) => {
    const schema = schemaOf(message.channel);
    if (!schema) return;
    const result = schema.safeParse(message.data);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      throw new BusError('InvalidMessage', `message on "${message.channel}" from ${message.sender} does not match the channel's schema${where}: ${issue?.message ?? 'invalid'}`, {
        channel: message.channel,
      });
    }
  };
}

/**
 * Limits each extension to `perSecond` messages with bursts up to `burst` (a token bucket per
 * sender), so one chatty extension cannot starve the others.
 */
export function rateLimitMiddleware(perSecond: number, burst = perSecond, now: () => number = () => performance.now()): Middleware {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (message) => {
    if (message.sender === HOST_SENDER) return;
    const t = now();
    let bucket = buckets.get(message.sender);
    if (!bucket) {
      bucket = { tokens: burst, at: t };
      buckets.set(message.sender, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
    bucket.at = t;
    if (bucket.tokens < 1) {
      throw new BusError('RateLimited', `${message.sender} is publishing faster than ${perSecond} messages per second; slow down or batch messages`, {
        extension: message.sender,
      });
    }
    bucket.tokens -= 1;
  };
}

/** Counts per channel and sender, read by the metrics view and the bus activity view. */
export class BusMetrics {
  /** Live counters, owned by the bus's routing tables. */
  readonly routes = new Map<string, { count: number }>();
  readonly senders = new Map<string, { count: number }>();
  /** Counts carried over when routing tables are rebuilt. */
  readonly published = new Map<string, number>();
  readonly bySender = new Map<string, number>();
  refused = 0;
  dropped = 0;
  total = 0;

  snapshot(): { total: number; refused: number; dropped: number; channels: Record<string, number>; senders: Record<string, number> } {
    const channels: Record<string, number> = Object.fromEntries(this.published);
    for (const [c, r] of this.routes) channels[c] = r.count;
    const senders: Record<string, number> = Object.fromEntries(this.bySender);
    for (const [s, r] of this.senders) senders[s] = r.count;
    return { total: this.total, refused: this.refused, dropped: this.dropped, channels, senders };
  }
}

/** Hands every delivered message to a log sink (the bus activity view, an output channel). */
export function loggingMiddleware(sink: (message: BusMessage) => void): Middleware {
  return (message) => sink(message);
}

/**
 * Warns once per extension and channel when an extension publishes on a channel its manifest's
 * `[events] emits` does not list. `emits` documents an extension's contract; `bus.publish` is what
 * grants or refuses (docs/message-bus.md), so this step never refuses. Service calls
 * (`service/**`) and extensions without an `emits` list are not checked.
 */
export function undeclaredEmitMiddleware(emitsOf: (sender: string) => readonly string[] | undefined, warn: (sender: string, channel: string) => void): Middleware {
  const warned = new Set<string>();
  return (message) => {
    if (message.sender === HOST_SENDER || message.channel.startsWith('service/')) return;
    const emits = emitsOf(message.sender);
    if (!emits || !emits.length) return;
    if (emits.some((pattern) => channelMatcher(pattern)(message.channel))) return;
    const key = `${message.sender}\0${message.channel}`;
    if (warned.has(key)) return;
    warned.add(key);
    warn(message.sender, message.channel);
  };
}
