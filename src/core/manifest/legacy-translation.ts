/**
 * Loads the original Symphony manifest layouts through a documented translation:
 *  - the `[extension]` table (name, id, author, version, repository, main);
 *  - the developed-extension layout: `[package]` plus `[extension] type/main`,
 *    `[capabilities] required`, `[lifecycle]`, `[ui] commands`;
 *  - the F009 layout: `[extension] type/entry_point/min_symphony_version` and a `[permissions]` table.
 * Every translated field yields a deprecation warning naming its modern replacement.
 */

import { isTable, lookup, setField, type Table } from './plain-data';
type Path = Array<string | number>;

/** One deprecation found while translating, with the legacy field's path. */
export interface LegacyNote {
  path: Path;
  message: string;
  fix: string;
  severity: 'warning' | 'info';
}

/** The modern data, the notes, and how to find a modern path in the legacy text. */
export interface LegacyTranslation {
  data: Table;
  notes: LegacyNote[];
  /** Maps a path of the translated data to the path the value has in the original text. */
  toSourcePath(path: ReadonlyArray<string | number>): Path;
}

/** True when the data uses an original layout: an `[extension]` table, whatever the file is called. */
export function isLegacyManifest(data: unknown): boolean {
  return isTable(data) && isTable(data.extension);
}

/** Old capability names of `[capabilities] required` and their permissions. */
const CAPABILITIES: Record<string, string[]> = {
  ui: ['ui.panel'],
  filesystem: ['fs.read', 'fs.write'],
  fs: ['fs.read', 'fs.write'],
  network: ['net.http'],
  net: ['net.http'],
  http: ['net.http'],
  process: ['process.spawn'],
  env: ['env.read'],
  clipboard: ['clipboard.read', 'clipboard.write'],
  ai: ['ai.invoke'],
  ipc: ['bus.publish', 'bus.subscribe'],
  bus: ['bus.publish', 'bus.subscribe'],
  workspace: ['workspace.edit'],
};

/** Values of the F009 `[permissions]` table keys, e.g. `filesystem = ["read", "write"]`. */
const PERMISSION_TABLE: Record<string, Record<string, string>> = {
  filesystem: { read: 'fs.read', write: 'fs.write' },
  ipc: { send: 'bus.publish', receive: 'bus.subscribe', publish: 'bus.publish', subscribe: 'bus.subscribe' },
  clipboard: { read: 'clipboard.read', write: 'clipboard.write' },
  process: { spawn: 'process.spawn' },
  env: { read: 'env.read' },
};

const EXTENSION_FIELDS: Record<string, { to: Path; label: string }> = {
  id: { to: ['package', 'name'], label: '[package] name' },
  name: { to: ['package', 'display_name'], label: '[package] display_name' },
  display_name: { to: ['package', 'display_name'], label: '[package] display_name' },
  author: { to: ['package', 'author'], label: '[package] author' },
  authors: { to: ['package', 'authors'], label: '[package] authors' },
  version: { to: ['package', 'version'], label: '[package] version' },
  description: { to: ['package', 'description'], label: '[package] description' },
  repository: { to: ['package', 'repository'], label: '[package] repository' },
  homepage: { to: ['package', 'homepage'], label: '[package] homepage' },
  license: { to: ['package', 'license'], label: '[package] license' },
  publisher: { to: ['package', 'publisher'], label: '[package] publisher' },
  main: { to: ['runtime', 'entry'], label: '[runtime] entry' },
  entry_point: { to: ['runtime', 'entry'], label: '[runtime] entry' },
  entry: { to: ['runtime', 'entry'], label: '[runtime] entry' },
  type: { to: ['type'], label: 'top-level type' },
  min_symphony_version: { to: ['engine', 'symphony_version'], label: '[engine] symphony_version' },
};

/** Translates a legacy manifest. Call only when isLegacyManifest(data). */
export function translateLegacyManifest(input: Table): LegacyTranslation {
  const notes: LegacyNote[] = [];
  const links: Array<[Path, Path]> = [];
  const data: Table = {};
  const pkg: Table = isTable(input.package) ? { ...input.package } : {};
  const extension = input.extension as Table;
  const deprecate = (from: Path, modern: string, extra = '') =>
    notes.push({
      path: from,
      severity: 'warning',
      message: `${describePath(from)} is deprecated (original Symphony layout)${extra}; use ${modern}`,
      fix: `move it to ${modern}`,
    });

  // Keep every modern table as it is; the legacy ones are rebuilt below.
  for (const [key, value] of Object.entries(input)) {
    if (!['extension', 'capabilities', 'ui', 'permissions', 'package'].includes(key)) setField(data, key, value);
  }
  if (!isTable(input.package)) links.push([['package'], ['extension']]);

  for (const [key, value] of Object.entries(extension)) {
    const target = lookup(EXTENSION_FIELDS, key);
    if (!target) {
      notes.push({ path: ['extension', key], severity: 'warning', message: `[extension] ${key} is not part of any Symphony layout and is ignored`, fix: 'remove it' });
      continue;
    }
    let converted = value;
    if (key === 'type' && value === 'motif') converted = 'addon';
    if (key === 'min_symphony_version' && typeof value === 'string') converted = /^[\d.]+$/.test(value) ? `>=${value}` : value;
    const [table, field] = target.to;
    if (field === undefined) data[table as string] = converted;
    else if (table === 'package') {
      // A field already in the modern [package] table wins over its legacy copy.
      if (pkg[field as string] === undefined) pkg[field as string] = converted;
    } else {
      const t = isTable(data[table as string]) ? { ...(data[table as string] as Table) } : {};
      if (t[field as string] === undefined) t[field as string] = converted;
      data[table as string] = t;
    }
    links.push([target.to, ['extension', key]]);
    const renamed = key === 'type' && value === 'motif' ? ' ("motif" is now "addon")' : '';
    deprecate(['extension', key], target.label, renamed);
  }
  data.package = pkg;

  const permissions: unknown[] = [];
  if (isTable(input.capabilities)) {
    const required = input.capabilities.required;
    (Array.isArray(required) ? required : []).forEach((cap, index) => {
      const mapped = typeof cap === 'string' ? lookup(CAPABILITIES, cap.toLowerCase()) : undefined;
      if (!mapped) {
        notes.push({ path: ['capabilities', 'required', index], severity: 'warning', message: `legacy capability ${JSON.stringify(cap)} has no Symphony permission and is ignored`, fix: 'declare the permissions you need in [security] permissions' });
        return;
      }
      for (const name of mapped) {
        links.push([['security', 'permissions', permissions.length], ['capabilities', 'required', index]]);
        permissions.push(name);
      }
    });
    const listed = Array.isArray(required) && required.length > 0;
    deprecate(['capabilities'], '[security] permissions', listed ? ` (${describeList(required)} become ${describeList(permissions)})` : '');
  }
  if (isTable(input.permissions)) {
    for (const [key, value] of Object.entries(input.permissions)) {
      const list = Array.isArray(value) ? value : [value];
      if (key === 'network' || key === 'net') {
        links.push([['security', 'permissions', permissions.length], ['permissions', key]]);
        permissions.push({ name: 'net.http', scope: list.filter((v) => typeof v === 'string') });
        continue;
      }
      const table = lookup(PERMISSION_TABLE, key);
      list.forEach((v, index) => {
        const name = table && typeof v === 'string' ? lookup(table, v) : undefined;
        if (!name) {
          notes.push({ path: ['permissions', key, index], severity: 'warning', message: `legacy permission ${key} = ${JSON.stringify(v)} has no Symphony permission and is ignored`, fix: 'declare it in [security] permissions' });
          return;
        }
        links.push([['security', 'permissions', permissions.length], ['permissions', key, index]]);
        permissions.push(name);
      });
    }
    deprecate(['permissions'], '[security] permissions');
  }
  if (permissions.length > 0 || isTable(input.capabilities) || isTable(input.permissions)) {
    const security = isTable(data.security) ? { ...data.security } : {};
    const existing = Array.isArray(security.permissions) ? security.permissions : [];
    security.permissions = [...existing, ...permissions];
    data.security = security;
  }

  if (isTable(input.ui)) {
    const commands = Array.isArray(input.ui.commands) ? input.ui.commands : [];
    const translated = commands.map((c, index) => {
      if (!isTable(c)) return c;
      const { command, ...rest } = c;
      links.push([['commands', index, 'id'], ['ui', 'commands', index, 'command']]);
      links.push([['commands', index], ['ui', 'commands', index]]);
      return command === undefined ? rest : { id: command, ...rest };
    });
    const existing = Array.isArray(data.commands) ? data.commands : [];
    data.commands = [...existing, ...translated];
    links.push([['commands'], ['ui', 'commands']]);
    deprecate(['ui'], '[[commands]]', ' ([ui] commands entries become [[commands]], and "command" becomes "id")');
    for (const key of Object.keys(input.ui)) {
      if (key !== 'commands') notes.push({ path: ['ui', key], severity: 'warning', message: `[ui] ${key} has no Symphony equivalent and is ignored`, fix: 'remove it' });
    }
  }

  return { data, notes, toSourcePath: (path) => mapPath(path, links) };
}

/** Replaces the longest modern prefix that has a legacy origin. */
function mapPath(path: ReadonlyArray<string | number>, links: Array<[Path, Path]>): Path {
  let best: [Path, Path] | undefined;
  for (const link of links) {
    const [modern] = link;
    if (modern.length <= path.length && modern.every((p, i) => String(p) === String(path[i])) && (!best || modern.length > best[0].length)) best = link;
  }
  return best ? [...best[1], ...path.slice(best[0].length)] : [...path];
}

function describePath(path: Path): string {
  const [table, ...rest] = path;
  return rest.length ? `[${String(table)}] ${rest.join('.')}` : `the [${String(table)}] table`;
}

function describeList(v: unknown): string {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ') || 'nothing' : JSON.stringify(v);
}
