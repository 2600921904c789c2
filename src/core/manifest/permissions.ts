/**
 * The capability names a manifest may ask for (DESIGN.md "Capability / permission names"),
 * and how a permission entry is normalised to `{ name, scope[] }`.
 */

/** Every permission name Symphony knows, in the order the reference lists them. */
export const PERMISSION_NAMES = [
  'fs.read',
  'fs.write',
  'net.http',
  'process.spawn',
  'env.read',
  'clipboard.read',
  'clipboard.write',
  'ai.invoke',
  'bus.publish',
  'bus.subscribe',
  'ui.panel',
  'workspace.edit',
] as const;

/** A known permission name. */
export type PermissionName = (typeof PERMISSION_NAMES)[number];

/** What the scope globs of each permission mean, for docs and hover text. */
export const PERMISSION_SCOPES: Record<PermissionName, string> = {
  'fs.read': 'file globs relative to the workspace root; none means the whole workspace',
  'fs.write': 'file globs relative to the workspace root; none means the whole workspace',
  'net.http': 'host name globs (no port); none means any host',
  'process.spawn': 'program names or globs; none means any program',
  'env.read': 'environment variable names or globs; none means any variable',
  'clipboard.read': 'no scope',
  'clipboard.write': 'no scope',
  'ai.invoke': 'model or provider globs; none means any model',
  'bus.publish': 'channel globs; none means any channel',
  'bus.subscribe': 'channel globs; none means any channel',
  'ui.panel': 'no scope',
  'workspace.edit': 'file globs; none means the whole workspace',
};

const known = new Set<string>(PERMISSION_NAMES);

export function isPermissionName(name: string): name is PermissionName {
  return known.has(name);
}

/** A permission after normalisation: a bare name becomes `{ name, scope: [] }`. */
export interface NormalizedPermission {
  name: PermissionName;
  /** Globs that narrow the permission; empty means the permission's default reach. */
  scope: string[];
}

/** Turns the two accepted spellings (a name, or a table with `name` and `scope`) into one shape. */
export function normalizePermission(entry: string | { name: string; scope?: string | string[] | undefined }): NormalizedPermission {
  if (typeof entry === 'string') return { name: entry as PermissionName, scope: [] };
  const scope = entry.scope === undefined ? [] : Array.isArray(entry.scope) ? [...entry.scope] : [entry.scope];
  return { name: entry.name as PermissionName, scope };
}
