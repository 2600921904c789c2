// The JSON-RPC messages between the host and a sandbox child process. Both sides import this file;
// the host validates every request the child makes before acting on it.
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { CodeCacheState, EngineKind } from './worker-files';

/** Which engine runs the guest code inside the child. */
export type { EngineKind } from './worker-files';

/** Loads one sub-extension into the child and runs its `activate`. */
export interface LoadParams {
  extension: string;
  /** The extension's folder (real path); requires may not leave it. */
  dir: string;
  /** The entry file, absolute. */
  entry: string;
  engine: EngineKind;
  /** Memory the guest may hold, in MiB (QuickJS enforces it per runtime). */
  memoryMb: number;
  /** Synchronous guest time allowed per entry into the guest, in ms (QuickJS interrupts past it). */
  cpuMs: number;
  /**
   * For QuickJS: the extension's module files (absolute real path → source), read by the host, so
   * the strict child needs no file access at all. Other engines read their folder themselves.
   */
  files?: Record<string, string>;
}
export interface LoadResult {
  /** Command ids that `activate` registered. */
  commands: string[];
}

export interface InvokeParams {
  extension: string;
  command: string;
  args: unknown;
}

export interface UnloadParams {
  extension: string;
}

/** The child's own view of its health, answered to each heartbeat. */
export interface PingResult {
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
  external: number;
  /** Whether V8 took the code cache the child was started with. */
  codeCache: CodeCacheState;
}

/** Child → host: a capability call made by guest code (`symphony.fs.read(...)`). */
export interface CapabilityParams {
  extension: string;
  name: string;
  args: unknown[];
}

export interface LogParams {
  extension: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** An error the guest raised outside any call: a throw in a timer, an unhandled rejection. */
export interface GuestErrorParams {
  extension: string;
  kind: 'uncaughtException' | 'unhandledRejection' | 'timer';
  message: string;
}

/** Host → child: a bus message for a subscription the guest holds. */
export interface BusEventParams {
  extension: string;
  subscription: number;
  channel: string;
  data: unknown;
}

/** What a realm's shared prototypes look like, so tests can prove that guests did not pollute them. */
export interface ProbeResult {
  objectPrototype: string[];
  arrayPrototype: string[];
  functionPrototype: string[];
  globals: string[];
}

export const LoadRequest = new RequestType<LoadParams, LoadResult, SandboxErrorData>('sandbox/load');
export const InvokeRequest = new RequestType<InvokeParams, unknown, SandboxErrorData>('sandbox/invoke');
export const UnloadRequest = new RequestType<UnloadParams, void, void>('sandbox/unload');
export const PingRequest = new RequestType0<PingResult, void>('sandbox/ping');
export const ProbeRequest = new RequestType0<ProbeResult, void>('sandbox/probe');
export const CapabilityRequest = new RequestType<CapabilityParams, unknown, SandboxErrorData>('sandbox/capability');
export const LogNotification = new NotificationType<LogParams>('sandbox/log');
export const GuestErrorNotification = new NotificationType<GuestErrorParams>('sandbox/guestError');
export const BusEventNotification = new NotificationType<BusEventParams>('sandbox/busEvent');

/** Error codes a sandboxed call can fail with (the `code` of the CLI's `error` object). */
export type SandboxErrorCode =
  | 'PermissionDenied'
  | 'InvalidArguments'
  | 'CommandNotFound'
  | 'CommandFailed'
  | 'ActivationFailed'
  | 'CallTimeout'
  | 'OutOfMemory'
  | 'SandboxCrashed'
  | 'SandboxUnavailable'
  | 'CapabilityFailed'
  | 'Unavailable'
  | 'NotAllowed';

/** The data of a JSON-RPC error between host and child, and the CLI's error object. */
export interface SandboxErrorData {
  code: SandboxErrorCode;
  message: string;
  permission?: string;
  target?: string;
}

/** The JSON-RPC numeric code used for every Symphony sandbox error (the string code is in `data`). */
export const SANDBOX_RPC_ERROR = -32001;

/** The capability calls guest code may make, by name (bus.subscribe is handled apart). */
export const CAPABILITY_CALLS = [
  'fs.read',
  'fs.write',
  'net.http',
  'process.spawn',
  'env.read',
  'bus.publish',
  'bus.subscribe',
  'bus.unsubscribe',
  'clipboard.read',
  'clipboard.write',
  'ai.invoke',
  'workspace.edit',
  'ui.panel',
  'ui.message',
  'settings.get',
  'services.get',
] as const;
export type CapabilityCall = (typeof CAPABILITY_CALLS)[number];
