import type { ZodType } from 'zod';
import { type Disposable, toDisposable } from '../base/disposable';
import { BusError, HOST_SENDER, type BusMessage } from './bus-message';
import { channelMatcher, isValidChannel } from './channel-pattern';
import { DeliveryQueue, type OverflowPolicy } from './delivery-queue';
import { type BusAuthorizer, BusMetrics, type Middleware, permissionMiddleware, schemaMiddleware } from './middleware';
import type { DurableLog } from './durable-log';

/** A channel's contract: its schema, whether it is kept on disk, and how full queues behave. */
export interface ChannelDeclaration {
  name: string;
  owner?: string;
  schema?: ZodType;
  durable?: boolean;
  queueSize?: number;
  overflow?: OverflowPolicy;
}

export interface SubscribeOptions {
  queueSize?: number;
  overflow?: OverflowPolicy;
  /**
   * For durable channels: a stable consumer name. Messages are acknowledged after the handler
   * returns; when the consumer subscribes again it first receives what it has not acknowledged.
   */
  durableConsumer?: string;
}

export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type Handler<T = unknown> = (message: BusMessage<T>) => void | Promise<void>;
type Responder = { provider: string; handle: (data: unknown, message: BusMessage) => unknown; pending: Set<(e: BusError) => void> };

interface Subscription {
  subscriber: string;
  pattern: string;
  matches: (channel: string) => boolean;
  queue: DeliveryQueue;
}

export interface MessageBusOptions {
  authorizer?: BusAuthorizer;
  /** Extra steps after permission and schema checks (logging, metrics, rate limiting). */
  middleware?: Middleware[];
  durableLog?: DurableLog;
  defaultQueueSize?: number;
  defaultOverflow?: OverflowPolicy;
  /** Asked when a request finds no responder; return true after activating one (activation events). */
  onMissingResponder?: (channel: string) => Promise<boolean>;
  onSubscriberError?: (err: unknown, subscriber: string, message: BusMessage) => void;
}

/**
 * The one way Symphony extensions talk: publish/subscribe on channels with globs, and
 * request/response with correlation ids. Every message passes the middleware chain; every
 * subscriber has its own bounded queue.
 */
export class MessageBus implements Disposable {
  private seq = 0;
  private nextCorrelation = 0;
  private readonly channels = new Map<string, ChannelDeclaration>();
  private readonly subscriptions: Subscription[] = [];
  /** Per channel: its subscribers (cached), declaration and message count. Cleared when subscriptions change. */
  private readonly routes = new Map<string, Route>();
  /** Per sender: message count and cached publish decisions. Cleared by `permissionsChanged`. */
  private readonly senders = new Map<string, SenderState>();
  private readonly responders = new Map<string, Responder>();
  private readonly chain: Middleware[];
  readonly metrics = new BusMetrics();

  constructor(private readonly options: MessageBusOptions = {}) {
    this.chain = [...(options.middleware ?? [])];
  }

  /** Forgets cached permission decisions, e.g. after the user revoked one. */
  permissionsChanged(): void {
    for (const [sender, state] of this.senders) this.metrics.bySender.set(sender, state.count);
    this.senders.clear();
    this.metrics.senders.clear();
  }

  private resetRoutes(): void {
    for (const [channel, route] of this.routes) this.metrics.published.set(channel, route.count);
    this.routes.clear();
    this.metrics.routes.clear();
  }

  declareChannel(declaration: ChannelDeclaration): Disposable {
    if (!isValidChannel(declaration.name)) throw new BusError('InvalidMessage', `"${declaration.name}" is not a channel name: use words separated by "/", e.g. "git/commit"`);
    this.channels.set(declaration.name, declaration);
    this.resetRoutes();
    return toDisposable(() => {
      if (this.channels.get(declaration.name) === declaration) this.channels.delete(declaration.name);
      this.resetRoutes();
    });
  }

  /** Adds a middleware step at the end of the chain. */
  use(middleware: Middleware): Disposable {
    this.chain.push(middleware);
    return toDisposable(() => {
      const i = this.chain.indexOf(middleware);
      if (i >= 0) this.chain.splice(i, 1);
    });
  }

  /** Publishes and returns at once; delivery happens on each subscriber's queue. Throws a BusError when refused. */
  publish<T>(sender: string, channel: string, data: T, correlationId?: string): BusMessage<T> {
    const route = this.routeOf(channel);
    const from = this.senderOf(sender);
    const message: BusMessage<T> = { seq: ++this.seq, channel, sender, data, timestamp: Date.now(), correlationId };
    try {
      if (sender !== HOST_SENDER && this.options.authorizer) this.checkPublish(from, message);
      if (route.declaration?.schema) this.schemaCheck(message);
      for (let i = 0; i < this.chain.length; i++) this.chain[i]!(message);
    } catch (err) {
      this.metrics.refused++;
      throw err;
    }
    route.count++;
    from.count++;
    this.metrics.total++;
    if (route.declaration?.durable && this.options.durableLog) {
      (message as { offset?: number }).offset = this.options.durableLog.append(message);
    }
    const targets = route.subscriptions;
    for (let i = 0; i < targets.length; i++) {
      const sub = targets[i]!;
      if (!sub.queue.push(message)) {
        this.metrics.dropped++;
        if (sub.queue.policy === 'reject') {
          throw new BusError('QueueFull', `${sub.subscriber} is not keeping up with "${channel}" (${sub.queue.capacity} messages queued); the message was not delivered to it`, {
            subscriber: sub.subscriber,
          });
        }
      }
    }
    return message;
  }

  subscribe<T = unknown>(subscriber: string, pattern: string, handler: Handler<T>, options: SubscribeOptions = {}): Disposable {
    if (subscriber !== HOST_SENDER && this.options.authorizer && !this.options.authorizer.canSubscribe(subscriber, pattern)) {
      throw new BusError('PermissionDenied', `${subscriber} may not subscribe to "${pattern}": add { name = "bus.subscribe", scope = ["${pattern}"] } to [security] permissions`, {
        permission: 'bus.subscribe',
        target: pattern,
        extension: subscriber,
      });
    }
    const declared = this.channels.get(pattern);
    const log = this.options.durableLog;
    const consumer = options.durableConsumer;
    const deliver: Handler = consumer && log
      ? async (m) => {
          await handler(m as BusMessage<T>);
          if (m.offset !== undefined) log.ack(m.channel, consumer, m.offset);
        }
      : (handler as Handler);
    const queue = new DeliveryQueue(
      options.queueSize ?? declared?.queueSize ?? this.options.defaultQueueSize ?? 10_000,
      options.overflow ?? declared?.overflow ?? this.options.defaultOverflow ?? 'drop-oldest',
      deliver,
      (err, message) => this.options.onSubscriberError?.(err, subscriber, message),
    );
    const sub: Subscription = { subscriber, pattern, matches: channelMatcher(pattern), queue };
    if (consumer && log) {
      // Replay what this consumer missed before live messages, so order holds per channel.
      for (const m of log.unacknowledged(pattern, consumer)) queue.push(m);
    }
    this.subscriptions.push(sub);
    this.resetRoutes();
    return toDisposable(() => {
      const i = this.subscriptions.indexOf(sub);
      if (i >= 0) this.subscriptions.splice(i, 1);
      this.resetRoutes();
    });
  }

  /** Answers requests on one channel. Only one responder per channel. */
  respond(provider: string, channel: string, handle: (data: unknown, message: BusMessage) => unknown): Disposable {
    if (provider !== HOST_SENDER && this.options.authorizer && !this.options.authorizer.canSubscribe(provider, channel)) {
      throw new BusError('PermissionDenied', `${provider} may not answer on "${channel}": add { name = "bus.subscribe", scope = ["${channel}"] } to [security] permissions`, {
        permission: 'bus.subscribe',
        target: channel,
        extension: provider,
      });
    }
    const existing = this.responders.get(channel);
    if (existing) throw new BusError('InvalidMessage', `"${channel}" already has a responder (${existing.provider})`);
    const responder: Responder = { provider, handle, pending: new Set() };
    this.responders.set(channel, responder);
    return toDisposable(() => {
      if (this.responders.get(channel) !== responder) return;
      this.responders.delete(channel);
      const gone = new BusError('ServiceUnavailable', `${provider} stopped answering on "${channel}" while a request was in flight`, { provider, channel });
      for (const fail of responder.pending) fail(gone);
    });
  }

  /** Sends a request and waits for its response, failing with a BusError on timeout or refusal. */
  async request<R = unknown>(sender: string, channel: string, data: unknown, options: RequestOptions = {}): Promise<R> {
    let responder = this.responders.get(channel);
    if (!responder && this.options.onMissingResponder && (await this.options.onMissingResponder(channel))) responder = this.responders.get(channel);
    if (!responder) throw new BusError('NoResponder', `nothing answers on "${channel}": is the extension that provides it installed and enabled?`, { channel });
    const message = this.publish(sender, channel, data, `${sender}#${++this.nextCorrelation}`);
    const timeoutMs = options.timeoutMs ?? 5000;
    const active = responder;
    return new Promise<R>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        active.pending.delete(fail);
        options.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const fail = (e: BusError) => finish(() => reject(e));
      const onAbort = () => fail(new BusError('Timeout', `request on "${channel}" was cancelled`, { channel }));
      const timer = setTimeout(() => fail(new BusError('Timeout', `no response on "${channel}" within ${timeoutMs} ms`, { channel, timeoutMs })), timeoutMs);
      active.pending.add(fail);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      Promise.resolve()
        .then(() => active.handle(data, message))
        .then(
          (value) => finish(() => resolve(value as R)),
          (err: unknown) => fail(new BusError('ResponderFailed', `${active.provider} failed to answer on "${channel}": ${err instanceof Error ? err.message : String(err)}`, { provider: active.provider, channel })),
        );
    });
  }

  /** Resolves when every subscriber queue is empty. */
  async idle(): Promise<void> {
    for (const sub of [...this.subscriptions]) await sub.queue.idle();
  }

  /** Queue depth and drops per subscription, for metrics and the activity view. */
  queues(): Array<{ subscriber: string; pattern: string; queued: number; delivered: number; dropped: number }> {
    return this.subscriptions.map((s) => ({ subscriber: s.subscriber, pattern: s.pattern, queued: s.queue.length, delivered: s.queue.delivered, dropped: s.queue.dropped }));
  }

  dispose(): void {
    this.subscriptions.length = 0;
    this.resetRoutes();
    for (const [channel, responder] of this.responders) {
      const gone = new BusError('ServiceUnavailable', `the bus shut down while a request on "${channel}" was in flight`, { channel });
      for (const fail of responder.pending) fail(gone);
    }
    this.responders.clear();
  }

  private routeOf(channel: string): Route {
    let route = this.routes.get(channel);
    if (!route) {
      if (!isValidChannel(channel)) throw new BusError('InvalidMessage', `"${channel}" is not a channel name: use words separated by "/", e.g. "git/commit"`);
      route = { subscriptions: this.subscriptions.filter((s) => s.matches(channel)), declaration: this.channels.get(channel), count: this.metrics.published.get(channel) ?? 0 };
      this.routes.set(channel, route);
      this.metrics.routes.set(channel, route);
    }
    return route;
  }

  private senderOf(sender: string): SenderState {
    let state = this.senders.get(sender);
    if (!state) {
      state = { count: this.metrics.bySender.get(sender) ?? 0, allowed: new Map() };
      this.senders.set(sender, state);
      this.metrics.senders.set(sender, state);
    }
    return state;
  }

  private checkPublish(from: SenderState, message: BusMessage): void {
    let allowed = from.allowed.get(message.channel);
    if (allowed === undefined) {
      allowed = this.options.authorizer!.canPublish(message.sender, message.channel);
      from.allowed.set(message.channel, allowed);
    }
    if (!allowed) permissionMiddleware(this.options.authorizer!)(message);
  }

  private schemaCheck(message: BusMessage): void {
    schemaMiddleware((channel) => this.channels.get(channel)?.schema)(message);
  }
}

interface Route {
  subscriptions: Subscription[];
  declaration: ChannelDeclaration | undefined;
  count: number;
}

interface SenderState {
  count: number;
  allowed: Map<string, boolean>;
}
