import path from 'node:path';
import semver from 'semver';
import { closest } from '../base/diagnostic';
import { SYMPHONY_VERSION } from '../version';
import { inferLanguage, PYTHON_ENTRY, type ManifestKind } from './effective-manifest';
import type { Finding } from './manifest-diagnostics';
import { describeValue } from './schema-issues';
import { checkConfiguration } from './configuration-rules';
import { checkServices } from './service-rules';
import { BOARD_PARAM_TYPES } from './kind-schemas';
import { TRUST_LEVELS } from './base-schema';
import { isValidRange } from './schema-checks';

/**
 * Checks that need more than one field or the file system: duplicate ids, entry forms,
 * references between tables. They read the merged data defensively, so they run even when the
 * schema found problems, and the author sees everything in one pass.
 */

type Table = Record<string, unknown>;

export interface RuleContext {
  data: Table;
  kind: ManifestKind;
  type: string | null;
  /** Folder of the manifest (entry and workflow paths are relative to it). */
  dir: string;
  fileExists?: (file: string) => boolean;
  readFile?: (file: string) => string;
}

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);
const table = (v: unknown): Table => (isTable(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function checkManifestRules(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  checkCommands(ctx, out);
  checkRuntime(ctx, out);
  checkTypeTables(ctx, out);
  checkReferences(ctx, out);
  checkDependencies(ctx, out);
  checkSecurity(ctx, out);
  checkPackage(ctx, out);
  checkConfiguration(table(ctx.data.configuration), out);
  checkServices(table(ctx.data.services), out);
  return out;
}

function checkCommands({ data }: RuleContext, out: Finding[]): void {
  const seen = new Map<string, number>();
  list(data.commands).forEach((c, index) => {
    const id = str(table(c).id);
    if (id === undefined) return;
    const first = seen.get(id);
    if (first !== undefined) {
      out.push({
        severity: 'error',
        code: 'DuplicateCommand',
        path: ['commands', index, 'id'],
        message: `command id "${id}" is declared twice: commands[${first}] already uses it`,
        fix: `give this command its own id (e.g. "${id}-2") or remove one of the two`,
      });
    } else seen.set(id, index);
  });
  const views = new Map<string, number>();
  list(data.views).forEach((v, index) => {
    const id = str(table(v).id);
    if (id === undefined) return;
    if (views.has(id)) out.push({ severity: 'error', code: 'DuplicateView', path: ['views', index, 'id'], message: `view id "${id}" is declared twice: views[${views.get(id)}] already uses it`, fix: 'give each view its own id' });
    else views.set(id, index);
  });
}

function checkRuntime({ data, dir, fileExists, readFile }: RuleContext, out: Finding[]): void {
  const runtime = table(data.runtime);
  const entry = str(runtime.entry);
  const declared = runtime.language === 'js' || runtime.language === 'python' ? runtime.language : undefined;
  if (entry === undefined) {
    if (list(data.commands).length > 0 && !data.workflow) {
      out.push({ severity: 'warning', code: 'MissingEntry', path: ['runtime'], message: 'commands are declared but runtime.entry is not set, so nothing can handle them', fix: 'add [runtime] entry = "index.js"' });
    }
    return;
  }
  const language = inferLanguage(entry, declared);
  if (language === 'python') {
    if (!PYTHON_ENTRY.test(entry)) {
      const module = entry.replace(/\.py$/, '').replace(/[\\/]/g, '.');
      const fn = readFile && findPythonFunction(dir, module, readFile);
      out.push({
        severity: 'error',
        code: 'InvalidEntry',
        path: ['runtime', 'entry'],
        message: `a Python entry must be "module:function" (a dotted module path, a colon, then the function name), not "${entry}"`,
        fix: `write entry = "${module}:${fn ?? 'function_name'}"`,
        ...(fn ? { suggestion: `${module}:${fn}` } : {}),
      });
      return;
    }
    const module = entry.split(':')[0]!;
    const base = path.join(dir, ...module.split('.'));
    if (fileExists && !fileExists(`${base}.py`) && !fileExists(path.join(base, '__init__.py'))) {
      out.push({ severity: 'error', code: 'MissingEntry', path: ['runtime', 'entry'], message: `Python module "${module}" was not found (looked for ${path.relative(dir, base)}.py and ${path.relative(dir, base)}/__init__.py)`, fix: 'check the module path; it is relative to the manifest folder' });
    }
    return;
  }
  if (PYTHON_ENTRY.test(entry) && declared === 'js') {
    out.push({ severity: 'error', code: 'InvalidEntry', path: ['runtime', 'entry'], message: `"${entry}" is a Python "module:function" entry but runtime.language is "js"`, fix: 'set language = "python", or point entry at a JavaScript file' });
    return;
  }
  if (fileExists && !fileExists(path.resolve(dir, entry))) {
    out.push({ severity: 'error', code: 'MissingEntry', path: ['runtime', 'entry'], message: `entry file "${entry}" does not exist next to the manifest (${path.resolve(dir, entry)})`, fix: 'build the extension first, or correct the path' });
  }
}

/** The first `def` of a Python module, to suggest a complete entry. */
function findPythonFunction(dir: string, module: string, readFile: (f: string) => string): string | undefined {
  for (const candidate of [`${path.join(dir, ...module.split('.'))}.py`, path.join(dir, ...module.split('.'), '__init__.py')]) {
    try {
      const match = /^def\s+([A-Za-z_]\w*)\s*\(/m.exec(readFile(candidate));
      if (match) return match[1];
    } catch {
      // not this candidate
    }
  }
  return undefined;
}

function checkTypeTables({ data, type, dir, fileExists }: RuleContext, out: Finding[]): void {
  list(table(data.board).properties).forEach((p, index) => {
    const t = str(table(p).type);
    if (t === undefined || t === '' || BOARD_PARAM_TYPES.includes(t)) return;
    const near = closest(t, BOARD_PARAM_TYPES);
    out.push({ severity: 'warning', code: 'UnknownParamType', path: ['board', 'properties', index, 'type'], message: `parameter type "${t}" is not one the board can edit (${BOARD_PARAM_TYPES.join(', ')}); it is shown as JSON`, ...(near ? { fix: `did you mean "${near}"?`, suggestion: near } : {}) });
  });
  if (data.type !== undefined && isTable(data.extension_type) && data.extension_type.type !== undefined && data.type !== data.extension_type.type) {
    out.push({ severity: 'error', code: 'ConflictingType', path: ['extension_type', 'type'], message: `type is "${String(data.type)}" but [extension_type] type is "${String(data.extension_type.type)}"`, fix: 'keep one of the two' });
  }
  if (type === 'melody') {
    const file = str(table(data.workflow).file);
    if (!isTable(data.workflow) || file === undefined) {
      if (!isTable(data.workflow) || table(data.workflow).file === undefined) {
        out.push({ severity: 'error', code: 'MissingField', path: ['workflow', 'file'], message: 'a melody extension needs [workflow] file, the melody it packages (workflow.file is required)', fix: 'add [workflow] file = "flows/main.melody"' });
      }
    } else if (fileExists && !fileExists(path.resolve(dir, file))) {
      out.push({ severity: 'error', code: 'MissingWorkflow', path: ['workflow', 'file'], message: `melody file "${file}" does not exist (${path.resolve(dir, file)})`, fix: 'check the path; it is relative to the manifest folder' });
    }
  }
  if (type === 'instrument' && !isTable(data.model)) {
    out.push({ severity: 'info', code: 'MissingModel', path: ['model'], message: 'an instrument usually declares [model] (provider, model_name) so the board and the Conductor can describe it', fix: 'add [model] provider = "…" and model_name = "…"' });
  }
}

const ACTIVATION = ['*', 'onStartupFinished', 'onCommand:', 'onLanguage:', 'onView:', 'onUri', 'onMelody:', 'onEvent:', 'workspaceContains:', 'onFileSystem:', 'onWebviewPanel:', 'onCustomEditor:'];

function checkReferences({ data }: RuleContext, out: Finding[]): void {
  const pkgName = str(table(data.package).name);
  const commands = new Set(list(data.commands).map((c) => str(table(c).id)).filter((x): x is string => x !== undefined));
  const own = (id: string) => pkgName !== undefined && id.startsWith(`${pkgName}.`);
  const unknownCommand = (id: string, p: Array<string | number>) => {
    const near = closest(id, commands);
    out.push({ severity: 'warning', code: 'UnknownCommand', path: p, message: `"${id}" is not one of this manifest's [[commands]]`, ...(near ? { fix: `did you mean "${near}"?`, suggestion: near } : { fix: `declare it in [[commands]]` }) });
  };
  list(table(data.runtime).activation_events).forEach((ev, index) => {
    if (typeof ev !== 'string') return;
    const p = ['runtime', 'activation_events', index];
    if (!ACTIVATION.some((a) => (a.endsWith(':') ? ev.startsWith(a) && ev.length > a.length : ev === a))) {
      const head = ev.split(':')[0]!;
      const names = ACTIVATION.map((a) => a.replace(/:$/, ''));
      const near = names.find((a) => a.length > 1 && a.toLowerCase().startsWith(head.toLowerCase())) ?? closest(head, names);
      out.push({ severity: 'warning', code: 'UnknownActivationEvent', path: p, message: `unknown activation event "${ev}"; known forms: ${ACTIVATION.map((a) => (a.endsWith(':') ? `${a}…` : a)).join(', ')}`, ...(near ? { fix: `did you mean "${near}${ev.includes(':') ? ev.slice(ev.indexOf(':')) : ''}"?` } : {}) });
      return;
    }
    if (ev.startsWith('onCommand:')) {
      const id = ev.slice('onCommand:'.length);
      if (!commands.has(id) && own(id)) unknownCommand(id, p);
    }
  });
  list(data.keybindings).forEach((k, index) => {
    const id = str(table(k).command);
    if (id && own(id) && !commands.has(id)) unknownCommand(id, ['keybindings', index, 'command']);
  });
  const modelCommand = str(table(data.model).command);
  if (modelCommand && !commands.has(modelCommand)) unknownCommand(modelCommand, ['model', 'command']);
  const statusItems = new Map<string, number>();
  list(data.status_bar).forEach((raw, index) => {
    const item = table(raw);
    const id = str(item.command);
    if (id && own(id) && !commands.has(id)) unknownCommand(id, ['status_bar', index, 'command']);
    const itemId = str(item.id);
    if (itemId === undefined) return;
    if (statusItems.has(itemId)) out.push({ severity: 'error', code: 'DuplicateStatusBarItem', path: ['status_bar', index, 'id'], message: `status bar item id "${itemId}" is declared twice: status_bar[${statusItems.get(itemId)}] already uses it`, fix: 'give each item its own id' });
    else statusItems.set(itemId, index);
  });
  for (const [where, items] of Object.entries(table(data.menus))) {
    list(items).forEach((m, index) => {
      const id = str(table(m).command);
      if (id && own(id) && !commands.has(id)) unknownCommand(id, ['menus', where, index, 'command']);
    });
  }
}

function checkDependencies({ data }: RuleContext, out: Finding[]): void {
  const deps = table(data.dependencies);
  const self = str(table(data.package).name);
  const conflicts = list(deps.conflicts_with);
  for (const id of Object.keys(deps)) {
    if (id === 'conflicts_with') continue;
    if (id === self) out.push({ severity: 'error', code: 'SelfDependency', path: ['dependencies', id], atKey: true, message: `"${id}" depends on itself`, fix: 'remove this entry' });
    const at = conflicts.indexOf(id);
    if (at >= 0) out.push({ severity: 'error', code: 'ConflictingDependency', path: ['dependencies', 'conflicts_with', at], message: `"${id}" is both a dependency and in conflicts_with`, fix: 'keep it in one of the two' });
  }
}

const NO_SCOPE = new Set(['clipboard.read', 'clipboard.write', 'ui.panel']);

function checkSecurity({ data }: RuleContext, out: Finding[]): void {
  const security = table(data.security);
  const seen = new Map<string, number>();
  list(security.permissions).forEach((entry, index) => {
    const name = typeof entry === 'string' ? entry : str(table(entry).name);
    if (!name) return;
    const scope = isTable(entry) ? entry.scope : undefined;
    const scopes = typeof scope === 'string' ? [scope] : list(scope).filter((s): s is string => typeof s === 'string');
    if (seen.has(name) && typeof entry === 'string') {
      out.push({ severity: 'warning', code: 'DuplicatePermission', path: ['security', 'permissions', index], message: `permission "${name}" is already listed at security.permissions[${seen.get(name)}]`, fix: 'remove the repeated entry' });
    }
    seen.set(name, index);
    if (NO_SCOPE.has(name) && scopes.length > 0) {
      out.push({ severity: 'warning', code: 'IgnoredScope', path: ['security', 'permissions', index, 'scope'], message: `"${name}" takes no scope; the scope is ignored`, fix: `write "${name}" on its own` });
    }
    scopes.forEach((s, i) => {
      const p = ['security', 'permissions', index, 'scope', ...(typeof scope === 'string' ? [] : [i])];
      if (name === 'net.http' && /:\d+$|^[a-z]+:\/\//i.test(s)) {
        const host = s.replace(/^[a-z]+:\/\//i, '').replace(/[:/].*$/, '');
        out.push({ severity: 'warning', code: 'InvalidScope', path: p, message: `net.http scopes are host names or host globs without scheme or port, not "${s}"`, fix: `write "${host}"`, suggestion: host });
      }
      if ((name === 'fs.read' || name === 'fs.write') && (path.isAbsolute(s) || s.split(/[\\/]/).includes('..'))) {
        out.push({ severity: 'warning', code: 'InvalidScope', path: p, message: `file scope "${s}" points outside the workspace; scopes are globs relative to the workspace root`, fix: 'use a relative glob such as "out/**"' });
      }
    });
  });
  const trust = security.trust_level;
  if (typeof trust === 'string' && !(TRUST_LEVELS as readonly string[]).includes(trust)) {
    const near = closest(trust, TRUST_LEVELS);
    out.push({ severity: 'warning', code: 'UnknownTrustLevel', path: ['security', 'trust_level'], message: `trust level "${trust}" is not one of ${TRUST_LEVELS.join(', ')}; it is treated as "untrusted"`, ...(near ? { fix: `did you mean "${near}"?`, suggestion: near } : { fix: `use one of ${TRUST_LEVELS.join(', ')}` }) });
  }
  if (security.sandbox_level === 'none' && security.trust_level !== 'builtin') {
    out.push({ severity: 'warning', code: 'SandboxNone', path: ['security', 'sandbox_level'], message: 'sandbox_level "none" is reserved for the extensions built into Symphony; others run as "strict"', fix: 'use "strict", or "minimal" while you develop it' });
  }
}

const engineCache = new Map<string, boolean>();

/** Whether this Symphony satisfies an engine range (remembered, like isValidRange). */
function runsOnThisSymphony(range: string): boolean {
  let ok = engineCache.get(range);
  if (ok === undefined) {
    ok = semver.satisfies(SYMPHONY_VERSION, range, { includePrerelease: true });
    if (engineCache.size > 1000) engineCache.clear();
    engineCache.set(range, ok);
  }
  return ok;
}

const SPDX_EXPRESSION = /^\(?[A-Za-z0-9.+-]+\)?(?:\s+(?:AND|OR|WITH)\s+\(?[A-Za-z0-9.+-]+\)?)*$/;

function checkPackage({ data }: RuleContext, out: Finding[]): void {
  const pkg = table(data.package);
  const license = str(pkg.license);
  if (license !== undefined && license !== 'UNLICENSED' && !license.startsWith('SEE LICENSE IN') && !SPDX_EXPRESSION.test(license)) {
    out.push({ severity: 'warning', code: 'InvalidLicense', path: ['package', 'license'], message: `"${license}" is not an SPDX license expression`, fix: 'use an SPDX id such as "MIT", "Apache-2.0" or "GPL-3.0-or-later"' });
  }
  for (const key of ['repository', 'homepage'] as const) {
    const value = typeof pkg[key] === 'string' ? pkg[key] : str(table(pkg[key]).url);
    if (value !== undefined && !/^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github:|gitlab:|bitbucket:)/i.test(value)) {
      out.push({ severity: 'warning', code: 'InvalidUrl', path: ['package', key, ...(typeof pkg[key] === 'string' ? [] : ['url'])], message: `package.${key} ${describeValue(value)} is not a URL`, fix: 'write a full URL such as "https://example.com/me/my-extension"' });
    }
  }
  const range = str(table(data.engine).symphony_version);
  if (range !== undefined && isValidRange(range) && !runsOnThisSymphony(range)) {
    out.push({ severity: 'warning', code: 'EngineIncompatible', path: ['engine', 'symphony_version'], message: `this Symphony is ${SYMPHONY_VERSION}, outside engine.symphony_version "${range}"; the extension will not load`, fix: `widen the range to include ${SYMPHONY_VERSION}` });
  }
  const hooks = table(data.lifecycle);
  for (const [hook, name] of Object.entries(hooks)) {
    if (typeof name === 'string' && !/^[A-Za-z_$][\w$]*$/.test(name)) {
      out.push({ severity: 'error', code: 'InvalidHook', path: ['lifecycle', hook], message: `lifecycle.${hook} must name an exported function, not "${name}"`, fix: 'write a function name such as "activate"' });
    }
  }
}
