import semver from 'semver';
import type { Severity } from '../base/diagnostic';
import { SYMPHONY_VERSION } from '../version';
import type { DiscoveredExtension } from './discover-extensions';

/** The problem codes of dependency resolution (see the fixtures' README). */
export type ProblemCode = 'MissingDependency' | 'VersionConflict' | 'Conflict' | 'DependencyCycle' | 'EngineIncompatible' | 'InvalidManifest' | 'DuplicateExtension' | 'MissingService';

export interface ExtensionProblem {
  severity: Severity;
  code: ProblemCode;
  /** The extension the problem stops (or concerns). */
  extension: string;
  message: string;
  /** For cycles: the path, first id repeated at the end (`alpha → beta → alpha`). */
  cycle?: string[];
  dependency?: string;
  /** For MissingService: the service and the range the extension consumes. */
  service?: string;
  range?: string;
  file?: string;
  line?: number;
}

export interface Resolution {
  /** Every discovered extension, winners of duplicates only. */
  extensions: DiscoveredExtension[];
  /** Ids of the extensions that can load, dependencies first (Kahn order, ties by id). */
  loadOrder: string[];
  problems: ExtensionProblem[];
  /** Per id: why it cannot load, if it cannot. */
  blocked: Map<string, string>;
  /** Per id: the ids it must load after (present, satisfied dependencies). */
  dependsOn: Map<string, string[]>;
}

/**
 * Orders sub-extensions so dependencies load first, and explains every one that cannot load.
 * One broken extension only blocks the ones that depend on it.
 */
export function resolveDependencies(found: readonly DiscoveredExtension[], hostVersion = SYMPHONY_VERSION): Resolution {
  const problems: ExtensionProblem[] = [];
  const blocked = new Map<string, string>();
  const block = (id: string, p: ExtensionProblem) => {
    problems.push(p);
    if (p.severity === 'error' && !blocked.has(id)) blocked.set(id, p.message);
  };

  // Later roots override earlier ones; within one root a second copy is an error.
  const byId = new Map<string, DiscoveredExtension>();
  for (const ext of found) {
    const prior = byId.get(ext.id);
    if (prior) {
      const same = prior.source === ext.source;
      const kept = same ? prior : ext;
      const dropped = same ? ext : prior;
      problems.push({
        severity: same ? 'error' : 'warning',
        code: 'DuplicateExtension',
        extension: ext.id,
        message: same
          ? `${ext.id} is installed twice (${prior.dir} and ${ext.dir}); remove one copy — ${dropped.dir} is ignored`
          : `${ext.id} from ${kept.source} (${kept.dir}) overrides the ${dropped.source} copy (${dropped.dir})`,
        file: dropped.file,
      });
      byId.set(ext.id, kept);
    } else {
      byId.set(ext.id, ext);
    }
  }
  const extensions = [...byId.values()];
  const ids = [...byId.keys()].sort();

  for (const id of ids) {
    const ext = byId.get(id)!;
    if (!ext.manifest) {
      const first = ext.diagnostics.find((d) => d.severity === 'error');
      const where = first ? `${first.file ?? ext.file}${first.line ? `:${first.line}` : ''}${first.path ? ` (${first.path})` : ''}` : ext.file;
      block(id, { severity: 'error', code: 'InvalidManifest', extension: id, message: `${id}: the manifest is invalid — ${where}: ${first?.message ?? 'unreadable'}; run "symphony validate ${ext.file}" for every problem`, file: ext.file, line: first?.line });
      continue;
    }
    const range = ext.manifest.engine.symphony_version;
    if (range && semver.validRange(range) && !semver.satisfies(hostVersion, range, { includePrerelease: true })) {
      block(id, { severity: 'error', code: 'EngineIncompatible', extension: id, message: `${id} needs Symphony ${range} but this is Symphony ${hostVersion}; update Symphony or install a version of ${id} made for it`, file: ext.file });
    }
  }

  // conflicts_with: the extension that declares the conflict stands down.
  for (const id of ids) {
    const m = byId.get(id)!.manifest;
    if (!m || blocked.has(id)) continue;
    for (const other of m.conflicts_with) {
      if (byId.has(other) && !blocked.has(other)) {
        block(id, { severity: 'error', code: 'Conflict', extension: id, dependency: other, message: `${id} conflicts with ${other} (conflicts_with in ${id}'s manifest); ${id} was not loaded — uninstall one of the two`, file: byId.get(id)!.file });
        break;
      }
    }
  }

  const dependsOn = new Map<string, string[]>();
  for (const id of ids) {
    const m = byId.get(id)!.manifest;
    if (!m) continue;
    const edges: string[] = [];
    for (const [dep, spec] of Object.entries(m.dependencies)) {
      const target = byId.get(dep);
      if (!target) {
        if (!spec.optional) block(id, { severity: 'error', code: 'MissingDependency', extension: id, dependency: dep, message: `${id} depends on ${dep} ${spec.range}, which is not installed; install ${dep} or remove it from [dependencies]`, file: byId.get(id)!.file });
        continue;
      }
      const version = target.manifest?.version;
      if (version && !semver.satisfies(version, spec.range, { includePrerelease: true })) {
        block(id, {
          severity: spec.optional ? 'warning' : 'error',
          code: 'VersionConflict',
          extension: id,
          dependency: dep,
          message: `${id} needs ${dep} ${spec.range} but ${dep} ${version} is installed${spec.optional ? ' (optional: loading without it)' : `; install a ${dep} matching ${spec.range}`}`,
          file: byId.get(id)!.file,
        });
        continue;
      }
      edges.push(dep);
    }
    dependsOn.set(id, edges);
  }

  for (const cycle of findCycles(ids.filter((id) => !blocked.has(id)), dependsOn)) {
    const path = [...cycle, cycle[0]!];
    const message = `dependency cycle: ${path.join(' → ')}; none of these can load until one drops its dependency`;
    problems.push({ severity: 'error', code: 'DependencyCycle', extension: cycle[0]!, cycle: path, message });
    for (const id of cycle) if (!blocked.has(id)) blocked.set(id, message);
  }

  // A required dependency that cannot load blocks its dependents, transitively; so does a required
  // service that no loadable extension provides in range.
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of ids) {
      if (blocked.has(id)) continue;
      const bad = (dependsOn.get(id) ?? []).find((d) => blocked.has(d) && !byId.get(id)!.manifest!.dependencies[d]!.optional);
      if (bad) {
        block(id, { severity: 'error', code: 'MissingDependency', extension: id, dependency: bad, message: `${id} depends on ${bad}, which cannot load (${blocked.get(bad)})`, file: byId.get(id)!.file });
        changed = true;
        continue;
      }
      const missing = missingService(byId.get(id)!, extensions, blocked);
      if (missing) {
        block(id, missing);
        changed = true;
      }
    }
  }

  return { extensions, loadOrder: kahnOrder(ids.filter((id) => !blocked.has(id)), dependsOn), problems, blocked, dependsOn };
}

/** The first required `[services] consumes` entry no loadable extension provides in range, as a problem. */
function missingService(ext: DiscoveredExtension, all: readonly DiscoveredExtension[], blocked: ReadonlyMap<string, string>): ExtensionProblem | undefined {
  for (const wanted of ext.manifest?.services?.consumes ?? []) {
    if (wanted.optional) continue;
    const offers = all.flatMap((other) =>
      other.manifest && other.id !== ext.id ? (other.manifest.services?.provides ?? []).filter((p) => p.name === wanted.name).map((p) => ({ id: other.id, version: p.version })) : [],
    );
    if (offers.some((o) => !blocked.has(o.id) && semver.satisfies(o.version, wanted.version, { includePrerelease: true }))) continue;
    const installed = offers.map((o) => `${o.id}@${o.version}${blocked.has(o.id) ? ' (cannot load)' : ''}`);
    return {
      severity: 'error',
      code: 'MissingService',
      extension: ext.id,
      service: wanted.name,
      range: wanted.version,
      message: installed.length
        ? `${ext.id} consumes the service "${wanted.name}" ${wanted.version}, but no loadable extension provides it in that range (installed: ${installed.join(', ')}); install a matching provider, widen the range, or mark it optional = true`
        : `${ext.id} consumes the service "${wanted.name}" ${wanted.version}, which no installed extension provides; install a provider or mark it optional = true in [[services.consumes]]`,
      file: ext.file,
    };
  }
  return undefined;
}

/** Dependencies before dependents; among the ready ones, alphabetical. */
function kahnOrder(ids: string[], dependsOn: Map<string, string[]>): string[] {
  const live = new Set(ids);
  const pending = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const id of ids) {
    const deps = (dependsOn.get(id) ?? []).filter((d) => live.has(d));
    pending.set(id, deps.length);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), id]);
  }
  const ready = ids.filter((id) => pending.get(id) === 0).sort();
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const next of dependents.get(id) ?? []) {
      const left = pending.get(next)! - 1;
      pending.set(next, left);
      if (left === 0) {
        // Keep `ready` sorted so ties break by id.
        const at = ready.findIndex((r) => r > next);
        ready.splice(at < 0 ? ready.length : at, 0, next);
      }
    }
  }
  return order;
}

/** Strongly connected components with more than one member (or a self-dependency), each as a path. */
function findCycles(ids: string[], dependsOn: Map<string, string[]>): string[][] {
  const live = new Set(ids);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const start of ids) {
    if (index.has(start)) continue;
    // Iterative Tarjan: each frame is a node and the position in its edge list.
    const frames: Array<{ id: string; edge: number }> = [{ id: start, edge: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (frames.length) {
      const frame = frames[frames.length - 1]!;
      const edges = (dependsOn.get(frame.id) ?? []).filter((d) => live.has(d));
      if (frame.edge < edges.length) {
        const next = edges[frame.edge++]!;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          frames.push({ id: next, edge: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(next)!));
        }
        continue;
      }
      frames.pop();
      if (frames.length) {
        const parent = frames[frames.length - 1]!.id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        const selfLoop = component.length === 1 && (dependsOn.get(frame.id) ?? []).includes(frame.id);
        if (component.length > 1 || selfLoop) cycles.push(cyclePath(component, dependsOn));
      }
    }
  }
  return cycles;
}

/** Walks dependency edges inside a component from its smallest id until it comes back. */
function cyclePath(component: string[], dependsOn: Map<string, string[]>): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  const path = [start];
  const seen = new Set([start]);
  let current = start;
  for (;;) {
    const next = (dependsOn.get(current) ?? []).filter((d) => members.has(d)).sort().find((d) => d === start || !seen.has(d));
    if (!next || next === start) break;
    path.push(next);
    seen.add(next);
    current = next;
  }
  return path;
}
