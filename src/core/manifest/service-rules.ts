import type { Finding } from './manifest-diagnostics';

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Method names become bus channel segments, so they may not contain `/` or glob characters. */
const METHOD_NAME = /^[A-Za-z_][\w.-]*$/;

/**
 * Checks `[services]` beyond the schema (which checks versions and ranges): names are unique
 * and method names can travel as bus channel segments.
 */
export function checkServices(services: Table, out: Finding[]): void {
  const provided = new Map<string, number>();
  list(services.provides).forEach((raw, index) => {
    if (!isTable(raw)) return;
    const at = (...rest: Array<string | number>) => ['services', 'provides', index, ...rest];
    const name = str(raw.name);
    if (name !== undefined) {
      if (provided.has(name)) {
        out.push({ severity: 'error', code: 'DuplicateService', path: at('name'), message: `service "${name}" is provided twice: services.provides[${provided.get(name)}] already declares it`, fix: 'merge the two entries, or give this one its own name' });
      } else provided.set(name, index);
      if (name.includes('/') || /[*?]/.test(name)) {
        out.push({ severity: 'error', code: 'InvalidServiceName', path: at('name'), message: `service name "${name}" may not contain "/", "*" or "?" (it becomes part of a bus channel)`, fix: 'use letters, digits, "-", "_" and "."' });
      }
    }
    if (isTable(raw.methods)) {
      for (const method of Object.keys(raw.methods)) {
        if (!METHOD_NAME.test(method)) {
          out.push({ severity: 'error', code: 'InvalidServiceMethod', path: at('methods', method), atKey: true, message: `method name "${method}" must start with a letter or "_" and hold only letters, digits, "_", "-" and "."`, fix: 'rename the method, e.g. "count"' });
        }
      }
      if (Object.keys(raw.methods).length === 0) {
        out.push({ severity: 'warning', code: 'EmptyService', path: at('methods'), message: `service "${name ?? index}" declares no methods, so nobody can call it`, fix: 'add [services.provides.methods.<name>]' });
      }
    }
  });
  const consumed = new Set<string>();
  list(services.consumes).forEach((raw, index) => {
    if (!isTable(raw)) return;
    const at = (field: string) => ['services', 'consumes', index, field];
    const name = str(raw.name);
    if (name !== undefined) {
      if (consumed.has(name)) out.push({ severity: 'warning', code: 'DuplicateService', path: at('name'), message: `service "${name}" is listed twice in services.consumes`, fix: 'remove one of the two entries' });
      consumed.add(name);
      if (provided.has(name)) out.push({ severity: 'info', code: 'SelfService', path: at('name'), message: `this extension consumes "${name}", which it also provides`, fix: 'call your own code directly, or remove the entry' });
    }
  });
}
