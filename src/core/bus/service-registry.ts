import semver from 'semver';
import type { ZodType } from 'zod';
import { type Disposable, toDisposable } from '../base/disposable';
import { BusError } from './bus-message';
import type { MessageBus } from './message-bus';

/** A method of a service, with optional zod schemas for its argument and result. */
export interface ServiceMethod {
  input?: ZodType;
  output?: ZodType;
  /** How long a call may take (the manifest's `timeout`, in ms); the bus default otherwise. */
  timeoutMs?: number;
}

/** What an extension's manifest says it provides. */
export interface ServiceDeclaration {
  name: string;
  version: string;
  methods: Record<string, ServiceMethod>;
}

type Implementation = Record<string, (arg: unknown) => unknown>;

/** A consumer's handle on a service: one async function per method. */
export type ServiceProxy = Record<string, (arg?: unknown) => Promise<unknown>>;

/** One provider of a service as discovery sees it. */
export interface ServiceProviderInfo {
  extensionId: string;
  version: string;
  active: boolean;
  methods: string[];
}

/** Which provider a call goes to: the newest in `range`, or a named one (which must be in range too). */
export interface ServiceCallOptions {
  range?: string;
  provider?: string;
  timeoutMs?: number;
}

interface Provider {
  extensionId: string;
  declaration: ServiceDeclaration;
  active: boolean;
}

/**
 * The channel a service method of one provider is called on. Consumers need `bus.publish` on
 * `service/<name>/**`; providers need `bus.subscribe` on the same glob.
 */
export function serviceChannel(service: string, method: string, provider: string): string {
  return `service/${service}/${method}/${provider}`;
}

/**
 * Service discovery over the bus: providers declare services (from their manifests, before they
 * are active), go live with an implementation when activated, and consumers get a typed proxy for
 * a version range. Calls travel as bus requests, so they are permission-checked and audited.
 */
export class ServiceRegistry {
  private readonly providers = new Map<string, Provider[]>();

  constructor(
    private readonly bus: MessageBus,
    /** Activates a provider that is declared but not active; throws (a BusError) when it may not. */
    private readonly activate?: (extensionId: string, service: string) => Promise<void>,
  ) {}

  /** Records that an extension provides a service, without starting it. */
  declare(extensionId: string, declaration: ServiceDeclaration): Disposable {
    if (!semver.valid(declaration.version)) throw new Error(`service "${declaration.name}" of ${extensionId}: version "${declaration.version}" is not semver (e.g. 1.0.0)`);
    const entry: Provider = { extensionId, declaration, active: false };
    const list = this.providers.get(declaration.name) ?? [];
    list.push(entry);
    list.sort((a, b) => semver.rcompare(a.declaration.version, b.declaration.version));
    this.providers.set(declaration.name, list);
    return toDisposable(() => {
      const current = this.providers.get(declaration.name) ?? [];
      const rest = current.filter((p) => p !== entry);
      if (rest.length) this.providers.set(declaration.name, rest);
      else this.providers.delete(declaration.name);
    });
  }

  /** Brings a declared service live with its implementation; disposing takes it offline. */
  provide(extensionId: string, name: string, implementation: Implementation): Disposable {
    const provider = this.providers.get(name)?.find((p) => p.extensionId === extensionId);
    if (!provider) throw new Error(`${extensionId} provides "${name}" without declaring it: add it to [services] provides in its manifest`);
    const subs: Disposable[] = [];
    for (const [method, spec] of Object.entries(provider.declaration.methods)) {
      const fn = implementation[method];
      if (typeof fn !== 'function') throw new Error(`${extensionId}: service "${name}" declares method "${method}" but does not implement it`);
      subs.push(
        this.bus.respond(extensionId, serviceChannel(name, method, extensionId), async (arg) => {
          const result = await fn(arg);
          if (spec.output) {
            const parsed = spec.output.safeParse(result);
            if (!parsed.success) throw new Error(`"${name}.${method}" returned a value that does not match its declared output: ${parsed.error.issues[0]?.message}`);
          }
          return result;
        }),
      );
    }
    provider.active = true;
    return toDisposable(() => {
      provider.active = false;
      subs.forEach((s) => s.dispose());
    });
  }

  /** Every declared provider of a service, newest first. */
  providersOf(name: string): ServiceProviderInfo[] {
    return (this.providers.get(name) ?? []).map((p) => ({ extensionId: p.extensionId, version: p.declaration.version, active: p.active, methods: Object.keys(p.declaration.methods) }));
  }

  /** Finds the newest provider satisfying `range` (or the named one), or explains why there is none. */
  resolve(name: string, range = '*', provider?: string): ServiceProviderInfo {
    return info(this.find(name, range, provider));
  }

  private find(name: string, range: string, provider?: string): Provider {
    const list = this.providers.get(name) ?? [];
    if (!list.length) {
      throw new BusError('ServiceUnavailable', `no installed extension provides the service "${name}" ${range}; install one that declares it in [services] provides`, { service: name, range, installed: [] });
    }
    const match = list.find((p) => (!provider || p.extensionId === provider) && semver.satisfies(p.declaration.version, range, { includePrerelease: true }));
    if (!match) {
      const versions = list.map((p) => `${p.extensionId}@${p.declaration.version}`);
      const which = provider ? `${provider}'s "${name}"` : `"${name}"`;
      throw new BusError('ServiceUnavailable', `no provider of ${which} satisfies ${range} (installed: ${versions.join(', ')}); install a matching version or widen the range in [services] consumes`, {
        service: name,
        range,
        installed: versions,
      });
    }
    return match;
  }

  /** Calls one method for `consumer`: validates the argument, wakes the provider if allowed, sends a bus request. */
  async call(consumer: string, name: string, method: string, arg: unknown, options: ServiceCallOptions = {}): Promise<unknown> {
    const range = options.range ?? '*';
    const provider = this.find(name, range, options.provider);
    const spec = provider.declaration.methods[method];
    if (!spec) {
      const known = Object.keys(provider.declaration.methods);
      throw new BusError('InvalidMessage', `service "${name}" ${provider.declaration.version} (${provider.extensionId}) has no method "${method}"; it has ${known.join(', ') || 'none'}`, { service: name, method });
    }
    if (spec.input) {
      const parsed = spec.input.safeParse(arg);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
        throw new BusError('InvalidMessage', `argument of "${name}.${method}" does not match its declared input${where}: ${issue?.message ?? 'invalid'}`, { service: name, method });
      }
    }
    if (!provider.active) {
      const detail = { service: name, range, provider: provider.extensionId, installed: this.providersOf(name).map((p) => `${p.extensionId}@${p.version}`) };
      if (!this.activate) throw new BusError('ServiceUnavailable', `${provider.extensionId}, which provides "${name}" ${provider.declaration.version}, is not active`, detail);
      await this.activate(provider.extensionId, name);
      if (!provider.active) throw new BusError('ServiceUnavailable', `${provider.extensionId} was activated but did not start the service "${name}"`, detail);
    }
    return this.bus.request(consumer, serviceChannel(name, method, provider.extensionId), arg, { timeoutMs: options.timeoutMs ?? spec.timeoutMs });
  }

  /** A proxy for `consumer` to call `name` (any version in `range`). Methods are checked per call. */
  consume(consumer: string, name: string, range: string, options: { timeoutMs?: number } = {}): ServiceProxy {
    const resolved = this.find(name, range);
    const proxy: ServiceProxy = {};
    for (const method of Object.keys(resolved.declaration.methods)) {
      proxy[method] = (arg?: unknown) => this.call(consumer, name, method, arg, { range, provider: resolved.extensionId, timeoutMs: options.timeoutMs });
    }
    return proxy;
  }
}

function info(p: Provider): ServiceProviderInfo {
  return { extensionId: p.extensionId, version: p.declaration.version, active: p.active, methods: Object.keys(p.declaration.methods) };
}
