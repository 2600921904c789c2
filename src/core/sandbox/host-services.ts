import type { Disposable } from '../base/disposable';

/** The bus as the broker needs it (MessageBus from src/core/bus satisfies it). */
export interface BusPort {
  publish(sender: string, channel: string, data: unknown): unknown;
  subscribe(subscriber: string, pattern: string, handler: (message: { channel: string; data: unknown }) => void | Promise<void>): Disposable;
}

/** What a consumer learns about a service before calling it. */
export interface ServiceDescription {
  name: string;
  version: string;
  provider: string;
  methods: string[];
}

/**
 * Services between extensions, as the broker needs them (ExtensionServices from
 * src/core/extensions satisfies it). Both check that `consumer` declared the service in
 * `[services] consumes`; the broker checks `bus.publish` first.
 */
export interface ServicePort {
  describe(consumer: string, name: string, range?: string): ServiceDescription;
  call(consumer: string, name: string, method: string, arg: unknown, options?: { range?: string; provider?: string }): Promise<unknown>;
}

/** A request to a language model, as a sub-extension may send it. */
export interface AiRequest {
  prompt?: string;
  messages?: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  model?: string;
  maxTokens?: number;
}

/**
 * What the editor (or the CLI) offers behind the capabilities. Every member is optional: a
 * missing one makes that capability fail with `Unavailable`, after the permission check.
 */
export interface HostServices {
  /** Where `env.read` reads from (default: this process's environment). */
  env?: Readonly<Record<string, string | undefined>>;
  bus?: BusPort;
  /** Services other extensions provide (`symphony.services`, and publishes on `service/**`). */
  services?: ServicePort;
  clipboard?: { read(): Promise<string>; write(text: string): Promise<void> };
  ai?: { invoke(extension: string, request: AiRequest): Promise<unknown> };
  workspace?: { edit(extension: string, edit: unknown): Promise<unknown> };
  ui?: {
    panel?(extension: string, spec: unknown): Promise<unknown>;
    message?(extension: string, text: string, level: 'info' | 'warning' | 'error'): Promise<unknown>;
  };
  settings?: { get(extension: string, key: string): unknown };
}
