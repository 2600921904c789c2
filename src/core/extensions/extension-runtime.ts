import type { Disposable } from '../base/disposable';
import type { EffectiveManifest } from '../manifest/index';
import type { ExtensionSource } from './discover-extensions';

/** A sub-extension as the runtime sees it when starting it. */
export interface ExtensionLaunch {
  manifest: EffectiveManifest;
  source: ExtensionSource;
  /** Log lines from the extension's code (console, runtime notes). */
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** An extension whose code is running (in a sandbox child process). */
export interface RunningExtension extends Disposable {
  /** Runs a command the extension registered, with JSON arguments. */
  invoke(command: string, args?: unknown): Promise<unknown>;
  /** Calls a lifecycle hook (an exported function) if the extension has it. */
  callHook?(name: string, timeoutMs: number): Promise<void>;
}

/**
 * Where extension code runs. The sandbox provides the real one; the seam keeps the extension host
 * testable and lets the CLI and the editor pick their own process settings.
 */
export interface ExtensionRuntime {
  start(launch: ExtensionLaunch): Promise<RunningExtension>;
}
