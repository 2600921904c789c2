import * as path from 'node:path';
import { normalisePermissionEntry, type PermissionEntry } from '../security/permission-names';
import type { EngineKind } from './sandbox-protocol';

/** The sandbox levels a manifest may ask for. */
export type SandboxLevel = 'strict' | 'moderate' | 'minimal' | 'none';

/** Everything the sandbox needs to know about one sub-extension. */
export interface SandboxedExtension {
  id: string;
  /** The extension's folder. */
  dir: string;
  /** The entry file, absolute. */
  entry: string;
  level: SandboxLevel;
  permissions: PermissionEntry[];
  /** Command ids the manifest contributes. */
  commands: string[];
  limits: { memoryMb: number; cpuMs: number; timeoutMs: number };
  /** Per-command call timeouts from `[[commands]] timeout` (ms), overriding `limits.timeoutMs`. */
  commandTimeouts?: Record<string, number>;
  /** Shipped with Symphony in manifests/: the only ones that may run with `none`. */
  builtin?: boolean;
  /** The user opted this extension into `minimal` (plain Node in the child). */
  minimalAllowed?: boolean;
}

/** The part of an effective manifest the sandbox reads (src/core/manifest's EffectiveManifest has it). */
export interface SandboxManifestView {
  id?: string;
  dir: string;
  package?: { name?: string };
  runtime?: { entry?: string | null };
  security?: { permissions?: readonly unknown[]; sandbox_level?: string };
  commands?: ReadonlyArray<{ id: string; timeout?: number }>;
  performance?: { limits?: { memory_mb?: number; cpu_ms?: number; timeout_s?: number } };
}

/** Defaults when `[performance.limits]` is silent. */
export const DEFAULT_LIMITS = { memoryMb: 128, cpuMs: 5000, timeoutMs: 30_000 };

/** Whether a manifest's code would run in a strict (QuickJS) sandbox: JavaScript with an entry, at level strict. */
export function runsStrict(m: SandboxManifestView & { runtime?: { language?: string } }, options: { builtin?: boolean } = {}): boolean {
  return !!m.runtime?.entry && m.runtime.language === 'js' && describeExtension(m, options).level === 'strict';
}

/** Reads what the sandbox needs from a manifest; `builtin` marks the ones shipped in manifests/. */
export function describeExtension(m: SandboxManifestView, options: { builtin?: boolean; minimalAllowed?: boolean } = {}): SandboxedExtension {
  const limits = m.performance?.limits ?? {};
  const level = (['strict', 'moderate', 'minimal', 'none'] as const).find((l) => l === m.security?.sandbox_level) ?? 'strict';
  return {
    id: m.id ?? m.package?.name ?? path.basename(m.dir),
    dir: m.dir,
    entry: path.resolve(m.dir, m.runtime?.entry ?? 'index.js'),
    level,
    permissions: (m.security?.permissions ?? []).map(normalisePermissionEntry).filter((e): e is PermissionEntry => !!e),
    commands: (m.commands ?? []).map((c) => c.id),
    commandTimeouts: Object.fromEntries((m.commands ?? []).filter((c) => c.timeout !== undefined).map((c) => [c.id, c.timeout! * 1000])),
    limits: {
      memoryMb: limits.memory_mb ?? DEFAULT_LIMITS.memoryMb,
      cpuMs: limits.cpu_ms ?? DEFAULT_LIMITS.cpuMs,
      timeoutMs: limits.timeout_s !== undefined ? limits.timeout_s * 1000 : DEFAULT_LIMITS.timeoutMs,
    },
    builtin: options.builtin,
    minimalAllowed: options.minimalAllowed,
  };
}

/**
 * The engine an extension really gets. `none` is honoured only for built-in extensions and
 * `minimal` only after the user opted in; otherwise both fall back to the moderate engine (which
 * still offers Node-style modules) and the note says why.
 */
export function chooseEngine(ext: SandboxedExtension): { engine: EngineKind; note?: string } {
  switch (ext.level) {
    case 'strict':
      return { engine: 'quickjs' };
    case 'moderate':
      return { engine: 'vm2' };
    case 'none':
      return ext.builtin ? { engine: 'node' } : { engine: 'vm2', note: `sandbox_level "none" is reserved for extensions shipped with Symphony; ${ext.id} runs in the moderate sandbox` };
    case 'minimal':
      return ext.minimalAllowed ? { engine: 'node' } : { engine: 'vm2', note: `sandbox_level "minimal" needs the user's opt-in for ${ext.id}; it runs in the moderate sandbox until then` };
  }
}
