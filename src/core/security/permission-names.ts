/**
 * The permission vocabulary of DESIGN.md. Each permission has a kind that says what its scopes
 * mean (file globs, host globs, command names, variable names, channel globs, or nothing).
 */
// The manifest module owns the vocabulary; the security layer adds what the scopes mean.
import { PERMISSION_NAMES, type PermissionName } from '../manifest/permissions';

export { PERMISSION_NAMES, type PermissionName };

/** What a permission's scope strings are matched against. */
export type ScopeKind = 'path' | 'host' | 'command' | 'name' | 'channel' | 'none';

export const SCOPE_KIND: Readonly<Record<PermissionName, ScopeKind>> = {
  'fs.read': 'path',
  'fs.write': 'path',
  'net.http': 'host',
  'process.spawn': 'command',
  'env.read': 'name',
  'clipboard.read': 'none',
  'clipboard.write': 'none',
  'ai.invoke': 'name',
  'bus.publish': 'channel',
  'bus.subscribe': 'channel',
  'ui.panel': 'none',
  'workspace.edit': 'none',
};

/**
 * Permissions whose misuse costs the user data, money or secrets. Under the balanced policy a
 * declared sensitive permission is still confirmed once by the user before its first use.
 */
export const SENSITIVE_PERMISSIONS: ReadonlySet<PermissionName> = new Set<PermissionName>([
  'fs.write',
  'net.http',
  'process.spawn',
  'env.read',
  'clipboard.read',
  'ai.invoke',
]);

const NAME_SET: ReadonlySet<string> = new Set(PERMISSION_NAMES);

export function isPermissionName(name: string): name is PermissionName {
  return NAME_SET.has(name);
}

/** A manifest permission entry after normalisation: a name and its scopes (empty = unscoped). */
export interface PermissionEntry {
  name: string;
  scope: string[];
}

/** Accepts `"ui.panel"` or `{ name, scope }` (the two forms a manifest may use). */
export function normalisePermissionEntry(entry: unknown): PermissionEntry | undefined {
  if (typeof entry === 'string') return { name: entry, scope: [] };
  if (entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string') {
    const raw = (entry as { scope?: unknown }).scope;
    const scope = Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : typeof raw === 'string' ? [raw] : [];
    return { name: (entry as { name: string }).name, scope };
  }
  return undefined;
}
