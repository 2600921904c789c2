import semver from 'semver';
import { type Disposable, DisposableStore, toDisposable } from '../base/disposable';
import { BusError } from '../bus/bus-message';
import { compileJsonSchema } from '../bus/json-schema-validator';
import type { MessageBus } from '../bus/message-bus';
import { ServiceRegistry, type ServiceDeclaration, type ServiceMethod } from '../bus/service-registry';
import type { EffectiveManifest } from '../manifest/index';
import type { ServiceDescription, ServicePort } from '../sandbox/host-services';
import type { ExtensionHost } from './extension-host';
import type { BaseExtension } from './symphony-extension';

/** The command a provider registers for one method: named after the method's channel. */
export function serviceMethodCommand(service: string, method: string): string {
  return `service/${service}/${method}`;
}

export interface ExtensionServicesOptions {
  /** Declaration problems (a JSON Schema zod cannot read, a method the code does not register). */
  onProblem?: (extension: string, message: string) => void;
}

/**
 * Services declared in manifests, end to end: every loadable extension's `[services] provides`
 * is declared in a ServiceRegistry; a provider goes live when it becomes Active (each method
 * calls the command `service/<name>/<method>` in its sandbox) and offline when it stops; a
 * consumer may only call what its `[services] consumes` lists, within the declared range, and
 * a declared-but-inactive provider is activated when its activation events allow it.
 */
export class ExtensionServices implements ServicePort, Disposable {
  readonly registry: ServiceRegistry;
  private host: ExtensionHost | undefined;
  /** Per extension: the manifest text its declarations came from, and the declarations. */
  private readonly declared = new Map<string, { manifest: EffectiveManifest; store: DisposableStore }>();
  private readonly live = new Map<string, DisposableStore>();
  private readonly attached = new DisposableStore();

  constructor(
    bus: MessageBus,
    private readonly options: ExtensionServicesOptions = {},
  ) {
    this.registry = new ServiceRegistry(bus, (id, service) => this.wake(id, service));
  }

  /** Follows an extension host: declarations on every refresh, live while each provider is Active. */
  attach(host: ExtensionHost): Disposable {
    this.host = host;
    this.sync();
    this.attached.add(host.onDidChangeExtensions(() => this.sync()));
    this.attached.add(
      host.onDidChangeState(({ extension, change }) => {
        if (change.to === 'Active') this.goLive(extension);
        else if (change.from === 'Active' || change.to === 'Failed' || change.to === 'Unloaded') this.goOffline(extension.id);
      }),
    );
    return toDisposable(() => this.attached.clear());
  }

  /** What `consumer` would call for `name`: the newest provider within its declared range (and `range`, if given). */
  describe(consumer: string, name: string, range?: string): ServiceDescription {
    const declaredRange = this.consumedRange(consumer, name);
    const chosen = this.registry.providersOf(name).find((p) => inRange(p.version, declaredRange) && (!range || inRange(p.version, range)));
    if (!chosen) {
      const installed = this.registry.providersOf(name).map((p) => `${p.extensionId}@${p.version}`);
      const wanted = range && range !== declaredRange ? `${declaredRange} and ${range}` : declaredRange;
      throw new BusError(
        'ServiceUnavailable',
        installed.length
          ? `no provider of the service "${name}" satisfies ${wanted} (installed: ${installed.join(', ')}); install a matching version or change the range`
          : `no installed extension provides the service "${name}" ${wanted}; install one that lists it in [services] provides`,
        { service: name, range: wanted, installed },
      );
    }
    return { name, version: chosen.version, provider: chosen.extensionId, methods: chosen.methods };
  }

  /** Calls a method for `consumer` (a provider named by `options.provider` must be within the declared range). */
  call(consumer: string, name: string, method: string, arg: unknown, options: { range?: string; provider?: string } = {}): Promise<unknown> {
    const declaredRange = this.consumedRange(consumer, name);
    const provider = options.provider ?? (options.range ? this.describe(consumer, name, options.range).provider : undefined);
    return this.registry.call(consumer, name, method, arg, { range: declaredRange, provider });
  }

  private consumedRange(consumer: string, name: string): string {
    const entry = this.host?.get(consumer)?.manifest.services.consumes.find((c) => c.name === name);
    if (!entry) {
      throw new BusError('PermissionDenied', `${consumer} calls the service "${name}" without declaring it: add { name = "${name}", version = "^1.0.0" } to [[services.consumes]] in its manifest`, {
        permission: 'services.consumes',
        target: name,
        extension: consumer,
      });
    }
    return entry.version;
  }

  private sync(): void {
    const host = this.host;
    if (!host) return;
    const present = new Set<string>();
    for (const ext of host.list()) {
      present.add(ext.id);
      const prior = this.declared.get(ext.id);
      if (prior?.manifest === ext.manifest) continue;
      prior?.store.dispose();
      const store = new DisposableStore();
      for (const provided of ext.manifest.services.provides) {
        try {
          store.add(this.registry.declare(ext.id, toDeclaration(ext.id, provided, this.options.onProblem)));
        } catch (e) {
          this.options.onProblem?.(ext.id, e instanceof Error ? e.message : String(e));
        }
      }
      this.declared.set(ext.id, { manifest: ext.manifest, store });
      if (ext.state === 'Active' && !this.live.has(ext.id)) this.goLive(ext);
    }
    for (const [id, entry] of this.declared) {
      if (present.has(id)) continue;
      this.goOffline(id);
      entry.store.dispose();
      this.declared.delete(id);
    }
  }

  private goLive(ext: BaseExtension): void {
    if (!ext.manifest.services.provides.length) return;
    this.goOffline(ext.id);
    const store = new DisposableStore();
    for (const provided of ext.manifest.services.provides) {
      const implementation: Record<string, (arg: unknown) => Promise<unknown>> = {};
      for (const method of Object.keys(provided.methods)) {
        const command = serviceMethodCommand(provided.name, method);
        implementation[method] = async (arg) => {
          const running = ext.running;
          if (!running) throw new Error(`${ext.id} stopped before it could answer "${provided.name}.${method}"`);
          try {
            return await running.invoke(command, arg);
          } catch (e) {
            const code = (e as { code?: unknown }).code;
            if (code === 'SandboxCrashed' || code === 'CallTimeout' || code === 'OutOfMemory') {
              throw new Error(`its sandbox stopped while answering "${provided.name}.${method}" (${code}: ${e instanceof Error ? e.message : String(e)}); the sandbox restarts on the next call`, { cause: e });
            }
            if (code === 'CommandNotFound') {
              throw new Error(`${ext.id} declares the service method "${provided.name}.${method}" but its code registers no command "${command}"; call symphony.services.provide("${provided.name}", { ${method}: … }) in activate`, { cause: e });
            }
            throw e;
          }
        };
      }
      try {
        store.add(this.registry.provide(ext.id, provided.name, implementation));
      } catch (e) {
        this.options.onProblem?.(ext.id, e instanceof Error ? e.message : String(e));
      }
    }
    this.live.set(ext.id, store);
  }

  private goOffline(id: string): void {
    this.live.get(id)?.dispose();
    this.live.delete(id);
  }

  /** Activates a provider for a call, if its activation events allow it. */
  private async wake(id: string, service: string): Promise<void> {
    const host = this.host;
    const ext = host?.get(id);
    if (!host || !ext) throw new BusError('ServiceUnavailable', `${id}, which provides "${service}", cannot load${host?.blockedReason(id) ? `: ${host.blockedReason(id)}` : ''}`, { service, provider: id });
    if (!mayWakeForService(ext, service)) {
      throw new BusError(
        'ServiceUnavailable',
        `${id} provides "${service}" but is not active, and its activation events do not start it for calls; add "onEvent:service/${service}" to [runtime] activation_events of ${id}, or activate it first`,
        { service, provider: id },
      );
    }
    try {
      await host.activate(id);
    } catch (e) {
      throw new BusError('ServiceUnavailable', `${id}, which provides "${service}", failed to activate: ${e instanceof Error ? e.message : String(e)}`, { service, provider: id });
    }
  }

  dispose(): void {
    this.attached.dispose();
    for (const id of [...this.live.keys()]) this.goOffline(id);
    for (const entry of this.declared.values()) entry.store.dispose();
    this.declared.clear();
  }
}

/**
 * A call may start a provider when it declares `*` / `onStartupFinished`, `onEvent:service/<name>`
 * (or a glob covering it), or declares no activation events at all (lazy: it wakes on what it offers).
 */
export function mayWakeForService(ext: BaseExtension, service: string): boolean {
  if (!ext.manifest.runtime.activation_events.length) return true;
  return ext.activation.matches({ kind: 'startupFinished' }) || ext.activation.matches({ kind: 'event', name: `service/${service}` });
}

type ProvidedService = EffectiveManifest['services']['provides'][number];

function toDeclaration(extension: string, provided: ProvidedService, onProblem: ExtensionServicesOptions['onProblem']): ServiceDeclaration {
  const methods: Record<string, ServiceMethod> = {};
  for (const [name, spec] of Object.entries(provided.methods)) {
    const method: ServiceMethod = { timeoutMs: spec.timeout !== undefined ? spec.timeout * 1000 : undefined };
    for (const side of ['input', 'output'] as const) {
      const compiled = compileJsonSchema(spec[side]);
      if (compiled.problem) onProblem?.(extension, `services.provides "${provided.name}" method "${name}" ${side}: the JSON Schema cannot be checked (${compiled.problem}); values pass unchecked`);
      method[side] = compiled.schema;
    }
    methods[name] = method;
  }
  return { name: provided.name, version: provided.version, methods };
}

function inRange(version: string, range: string): boolean {
  return semver.satisfies(version, range, { includePrerelease: true });
}
