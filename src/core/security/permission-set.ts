import type { Diagnostic } from '../base/diagnostic';
import { closest } from '../base/diagnostic';
import {
  PERMISSION_NAMES,
  SCOPE_KIND,
  isPermissionName,
  normalisePermissionEntry,
  type PermissionEntry,
  type PermissionName,
} from './permission-names';
import {
  absoluteGlob,
  canonicalUrlTarget,
  dottedGlob,
  hostMatcher,
  nameGlob,
  pathMatcher,
  type ScopeMatcher,
  type ScopeRoots,
} from './scope-matchers';
import { realDir, realPathOf } from './real-path';

/** The answer of a scope check: whether the permission is declared, whether the target is in scope, and the canonical target. */
export interface ScopeCheck {
  declared: boolean;
  inScope: boolean;
  /** The target as checked: a real path, `host:port`, a command, a name or a channel. */
  target: string;
  /** Set when the target itself is malformed (bad URL, NUL in a path): never in scope. */
  error?: string;
}

const ANY: ScopeMatcher = () => true;

/**
 * What one sub-extension declared in `[security] permissions`, compiled once so that each check
 * is a lookup plus a precompiled match. File targets are real-path resolved before matching.
 */
export class PermissionSet {
  private readonly matchers = new Map<PermissionName, ScopeMatcher>();
  private readonly roots: ScopeRoots;

  private constructor(
    readonly entries: readonly PermissionEntry[],
    roots: ScopeRoots,
  ) {
    this.roots = { workspaceRoot: realDir(roots.workspaceRoot), extensionDir: realDir(roots.extensionDir) };
  }

  /**
   * Builds a set from manifest entries (`"name"` or `{ name, scope }`). Unknown names and bad
   * scopes become diagnostics and grant nothing; they never throw.
   */
  static from(rawEntries: readonly unknown[], roots: ScopeRoots, file?: string): { set: PermissionSet; diagnostics: Diagnostic[] } {
    const diagnostics: Diagnostic[] = [];
    const entries: PermissionEntry[] = [];
    rawEntries.forEach((raw, index) => {
      const entry = normalisePermissionEntry(raw);
      const where = `security.permissions[${index}]`;
      if (!entry) {
        diagnostics.push({ severity: 'error', code: 'InvalidPermission', message: 'expected a permission name or { name, scope }', path: where, file, source: 'security' });
        return;
      }
      if (!isPermissionName(entry.name)) {
        const guess = closest(entry.name, PERMISSION_NAMES);
        diagnostics.push({
          severity: 'error', code: 'UnknownPermission', message: `unknown permission "${entry.name}"`, path: where, file, source: 'security',
          fix: guess ? `did you mean "${guess}"?` : `use one of ${PERMISSION_NAMES.join(', ')}`,
        });
        return;
      }
      entries.push(entry);
    });
    const set = new PermissionSet(entries, roots);
    for (const [name, scopes] of set.groupScopes()) {
      set.matchers.set(name, set.compile(name, scopes, diagnostics, file));
    }
    return { set, diagnostics };
  }

  /** An empty set: everything undeclared. */
  static empty(roots: ScopeRoots): PermissionSet {
    return PermissionSet.from([], roots).set;
  }

  get workspaceRoot(): string {
    return this.roots.workspaceRoot;
  }

  get extensionDir(): string {
    return this.roots.extensionDir;
  }

  /** Whether the manifest declares the permission at all, whatever its scope. */
  declares(name: string): boolean {
    return this.matchers.has(name as PermissionName);
  }

  /** Declared permission names, in manifest order, for review screens. */
  names(): string[] {
    return [...this.matchers.keys()];
  }

  /** Checks `target` (a path, URL, command, name or channel as the extension gave it). */
  check(name: string, rawTarget: string): ScopeCheck {
    const matcher = this.matchers.get(name as PermissionName);
    const kind = isPermissionName(name) ? SCOPE_KIND[name] : 'none';
    let target = rawTarget;
    if (kind === 'path') {
      try {
        target = realPathOf(rawTarget, this.roots.workspaceRoot);
      } catch (e) {
        return { declared: !!matcher, inScope: false, target: rawTarget, error: (e as Error).message };
      }
    } else if (kind === 'host') {
      const canonical = canonicalUrlTarget(rawTarget);
      if (typeof canonical !== 'string') return { declared: !!matcher, inScope: false, target: rawTarget, error: canonical.error };
      target = canonical;
    }
    if (!matcher) return { declared: false, inScope: false, target };
    return { declared: true, inScope: matcher(target), target };
  }

  private groupScopes(): Map<PermissionName, string[] | null> {
    // One entry without scope grants the whole permission; several scoped entries add up.
    const out = new Map<PermissionName, string[] | null>();
    for (const e of this.entries) {
      const name = e.name as PermissionName;
      const prev = out.get(name);
      if (prev === null) continue;
      if (e.scope.length === 0) out.set(name, null);
      else out.set(name, [...(prev ?? []), ...e.scope]);
    }
    return out;
  }

  private compile(name: PermissionName, scopes: string[] | null, diagnostics: Diagnostic[], file?: string): ScopeMatcher {
    const kind = SCOPE_KIND[name];
    const bad = (message: string) => diagnostics.push({ severity: 'error', code: 'InvalidPermissionScope', message: `${name}: ${message}`, file, source: 'security' });
    if (kind === 'path') {
      // A bare fs permission means the workspace (and not the rest of the disk).
      const globs = scopes ?? ['**'];
      const absolute: string[] = [];
      for (const g of globs) {
        const r = absoluteGlob(g, this.roots);
        if (typeof r === 'string') absolute.push(r);
        else bad(r.error);
      }
      return pathMatcher(absolute);
    }
    if (scopes === null) return ANY;
    switch (kind) {
      case 'host':
        return hostMatcher(scopes);
      case 'channel': {
        // A subscription pattern is itself a glob: one reaching across labels (`**`) is only
        // covered by a scope that does too, or `chat.*` would admit `chat.**`.
        const rules = scopes.map((s) => ({ re: dottedGlob(s, false), deep: s.includes('**') }));
        return (t) => rules.some((r) => (r.deep || !t.includes('**')) && r.re.test(t));
      }
      case 'name': {
        const res = scopes.map(nameGlob);
        return (t) => res.some((r) => r.test(t));
      }
      case 'command': {
        // Commands match exactly: `git` allows `git`, not `/tmp/git` nor `git.sh`.
        const allowed = new Set(scopes);
        return (t) => allowed.has('*') || allowed.has(t);
      }
      default:
        return ANY;
    }
  }
}
