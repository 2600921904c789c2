// The `symphony` object handed to guests of the vm2 and plain-Node engines. It lives in the
// worker's realm; vm2 wraps it in its bridge proxies. Every function only forwards to the host,
// which validates and permission-checks the call: nothing here grants anything by itself.
import type { CapabilityCall } from '../sandbox-protocol';
import { formatLogArgs, toPlainJson, type GuestHost } from './guest-host';

type Handler = (args: unknown) => unknown;

/** The guest-facing registry of commands and bus handlers behind one API object. */
export interface GuestApiState {
  commands: Map<string, Handler>;
  subscriptions: Map<number, (data: unknown, channel: string) => unknown>;
}

function deepFreeze<T>(o: T): T {
  if (o && (typeof o === 'object' || typeof o === 'function') && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const key of Object.getOwnPropertyNames(o)) deepFreeze((o as Record<string, unknown>)[key]);
  }
  return o;
}

/** Builds the API object for one guest. */
export function buildGuestApi(host: GuestHost, state: GuestApiState): object {
  const call = (name: CapabilityCall) =>
    (...args: unknown[]): Promise<unknown> => {
      let plain: unknown[];
      try {
        plain = (toPlainJson(args.map((a) => (a === undefined ? null : a))) as unknown[]) ?? [];
      } catch (e) {
        return Promise.reject(new TypeError(`${name}: arguments must be JSON data (${e instanceof Error ? e.message : String(e)})`));
      }
      return host.call(name, plain);
    };
  let nextSubscription = 1;
  return deepFreeze({
    commands: {
      register(id: unknown, handler: unknown) {
        if (typeof handler !== 'function') throw new TypeError('commands.register(id, handler): handler must be a function');
        const key = String(id);
        state.commands.set(key, handler as Handler);
        return deepFreeze({ dispose: () => { if (state.commands.get(key) === handler) state.commands.delete(key); } });
      },
    },
    fs: { read: call('fs.read'), write: call('fs.write') },
    net: { http: call('net.http') },
    process: { spawn: call('process.spawn') },
    env: { read: call('env.read') },
    clipboard: { read: call('clipboard.read'), write: call('clipboard.write') },
    ai: { invoke: call('ai.invoke') },
    workspace: { edit: call('workspace.edit') },
    ui: { panel: call('ui.panel'), message: call('ui.message') },
    settings: { get: call('settings.get') },
    bus: {
      publish: call('bus.publish'),
      async subscribe(channel: unknown, handler: unknown) {
        if (typeof handler !== 'function') throw new TypeError('bus.subscribe(channel, handler): handler must be a function');
        const id = nextSubscription++;
        state.subscriptions.set(id, handler as (data: unknown, channel: string) => unknown);
        try {
          await call('bus.subscribe')(channel, id);
        } catch (e) {
          state.subscriptions.delete(id);
          throw e;
        }
        return deepFreeze({ dispose: () => { if (state.subscriptions.delete(id)) void call('bus.unsubscribe')(id).catch(() => undefined); } });
      },
    },
    // Services: a provider's methods are commands named after their channel, `service/<name>/<method>`
    // (strict guests register those commands directly); a call is a publish on that channel.
    services: {
      provide(name: unknown, implementation: unknown) {
        if (!implementation || typeof implementation !== 'object') throw new TypeError('services.provide(name, { method: fn }): the implementation must be an object of functions');
        const ids: Array<[string, Handler]> = [];
        for (const [method, fn] of Object.entries(implementation as Record<string, unknown>)) {
          if (typeof fn === 'function') ids.push([`service/${String(name)}/${method}`, fn as Handler]);
        }
        for (const [id, fn] of ids) state.commands.set(id, fn);
        return deepFreeze({ dispose: () => { for (const [id, fn] of ids) if (state.commands.get(id) === fn) state.commands.delete(id); } });
      },
      async get(name: unknown, range?: unknown) {
        const found = (await call('services.get')(name, range)) as { name: string; version: string; provider: string; methods: string[] };
        const proxy: Record<string, unknown> = { name: found.name, version: found.version, provider: found.provider };
        for (const method of found.methods) proxy[method] = (arg?: unknown) => call('bus.publish')(`service/${found.name}/${method}/${found.provider}`, arg);
        return deepFreeze(proxy);
      },
    },
    log: (...args: unknown[]) => host.log('info', formatLogArgs(args)),
  });
}
