import semver from 'semver';
import type { ZodType } from 'zod';
import { type Disposable, toDisposable } from '../base/disposable';
import { BusError } from './bus-message';
import type { MessageBus } from './message-bus';

/** A method of a service, with optional zod schemas for its argument and result. */
export interface ServiceMethod {
  input?: ZodType;
  output?: ZodType;
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
    /** Activates a provider that is declared but not active (its activation event fired). */
    private readonly activate?: (extensionId: string) => Promise<void>,
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
      this.providers.set(declaration.name, current.filter((p) => p !== entry));
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

  /** Finds the newest provider satisfying `range`, or explains why there is none. */
  resolve(name: string, range: string): { extensionId: string; version: string; active: boolean } {
    const list = this.providers.get(name) ?? [];
    if (!list.length) throw new BusError('ServiceUnavailable', `no installed extension provides the service "${name}"; install one that declares it in [services] provides`, { service: name });
    const match = list.find((p) => semver.satisfies(p.declaration.version, range));
    if (!match) {
      const versions = list.map((p) => `${p.extensionId}@${p.declaration.version}`).join(', ');
      throw new BusError('ServiceUnavailable', `no provider of "${name}" satisfies ${range} (installed: ${versions})`, { service: name, range });
    }
    return { extensionId: match.extensionId, version: match.declaration.version, active: match.active };
  }

  /** A proxy for `consumer` to call `name` (any version in `range`). Methods are checked per call. */
  consume(consumer: string, name: string, range: string, options: { timeoutMs?: number } = {}): ServiceProxy {
    const resolved = this.resolve(name, range);
    const provider = this.providers.get(name)!.find((p) => p.extensionId === resolved.extensionId)!;
    const proxy: ServiceProxy = {};
    for (const [method, spec] of Object.entries(provider.declaration.methods)) {
      proxy[method] = async (arg?: unknown) => {
        if (spec.input) {
          const parsed = spec.input.safeParse(arg);
          if (!parsed.success) throw new BusError('InvalidMessage', `argument of "${name}.${method}" is invalid: ${parsed.error.issues[0]?.message}`, { service: name, method });
        }
        if (!provider.active) {
          if (!this.activate) throw new BusError('ServiceUnavailable', `${provider.extensionId}, which provides "${name}", is not active`, { service: name });
          await this.activate(provider.extensionId);
          if (!provider.active) throw new BusError('ServiceUnavailable', `${provider.extensionId} was activated but did not start the service "${name}"`, { service: name });
        }
        return this.bus.request(consumer, serviceChannel(name, method, provider.extensionId), arg, { timeoutMs: options.timeoutMs });
      };
    }
    return proxy;
  }
}
