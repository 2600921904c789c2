import type { Diagnostic } from '../base/diagnostic';
import type { Disposable } from '../base/disposable';
import { DisposableStore } from '../base/disposable';
import type { OperatorRegistry } from '../operators/operator-registry';
import { type OperatorDescription, OperatorDescriptionSchema, type ParamDescription, type PortType } from '../operators/operator';
import { createPythonOperator, type PythonExecutor } from './python-operator';
import type { PythonWorkerPool } from './python-worker-pool';

/** A Python operator found by discovery: what the board shows and the function that runs it. */
export interface DiscoveredPythonOperator {
  description: OperatorDescription;
  entry: string;
}

/** The tables of an AIDE operator manifest that discovery reads (as parsed from symphony.toml). */
export interface PythonOperatorManifest {
  package?: { name?: string; display_name?: string; version?: string; description?: string };
  runtime?: { language?: string; entry?: string };
  security?: { permissions?: Array<string | { name: string }> };
  board?: {
    category?: string;
    color?: string;
    icon?: string;
    input_ports?: Array<{ name: string; type?: string; required?: boolean; description?: string }>;
    output_ports?: Array<{ name: string; type?: string; required?: boolean; description?: string }>;
    properties?: Array<{ name: string; type?: string; default?: unknown; required?: boolean; description?: string; options?: unknown[] }>;
  };
}

const ENTRY = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*:[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/;
const PORT_TYPES: Record<string, PortType> = {
  any: 'any', items: 'items', text: 'text', string: 'text', json: 'json', object: 'json', array: 'json',
  number: 'number', integer: 'number', boolean: 'boolean', file: 'file', binary: 'binary',
};

/**
 * Turns an AIDE manifest with `runtime.language = "python"` into an operator description. The id is
 * `<package.name>.<function name, kebab-case>`; `[board]` gives ports and the parameter form.
 */
export function pythonOperatorFromManifest(manifest: PythonOperatorManifest, file?: string): { operator?: DiscoveredPythonOperator; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const problem = (path: string, code: string, message: string, fix?: string, severity: Diagnostic['severity'] = 'error') =>
    diagnostics.push({ severity, code, message, path, file, fix, source: 'python' });

  const name = manifest.package?.name;
  if (!name) problem('package.name', 'MissingField', 'a Python operator needs package.name; it is the first part of the operator id');
  if (manifest.runtime?.language !== 'python') {
    problem('runtime.language', 'NotPython', `runtime.language is "${manifest.runtime?.language ?? ''}", expected "python" for a Python operator`);
  }
  const entry = manifest.runtime?.entry ?? '';
  if (!ENTRY.test(entry)) {
    problem('runtime.entry', 'InvalidEntry', `runtime.entry "${entry}" must name a module and a function as "package.module:function"`, 'e.g. entry = "text_stats.ops:word_count"');
  }
  if (diagnostics.length > 0) return { diagnostics };

  const board = manifest.board ?? {};
  const port = (p: { name: string; type?: string; required?: boolean }, where: string) => {
    const type = PORT_TYPES[p.type ?? 'items'];
    if (!type) problem(where, 'UnknownPortType', `port type "${p.type}" is not known; treated as "any"`, `use one of ${Object.keys(PORT_TYPES).join(', ')}`, 'warning');
    return { name: p.name, type: type ?? 'any', required: p.required ?? false };
  };
  const functionName = entry.split(':')[1]!.split('.').pop()!;
  const candidate = {
    id: `${name}.${functionName.replace(/_/g, '-').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`,
    version: manifest.package?.version ?? '1.0.0',
    displayName: manifest.package?.display_name ?? titleCase(name!),
    description: manifest.package?.description ?? '',
    category: board.category ?? 'Python',
    icon: board.icon ?? 'symbol-method',
    color: board.color,
    inputs: board.input_ports?.length ? board.input_ports.map((p, i) => port(p, `board.input_ports[${i}].type`)) : undefined,
    outputs: board.output_ports?.length ? board.output_ports.map((p, i) => port(p, `board.output_ports[${i}].type`)) : undefined,
    params: (board.properties ?? []).map(toParam),
    permissions: (manifest.security?.permissions ?? []).map((p) => (typeof p === 'string' ? p : p.name)),
    source: 'python' as const,
  };
  const parsed = OperatorDescriptionSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problem(issue.path.join('.'), 'InvalidOperator', issue.message, undefined);
    return { diagnostics };
  }
  return { operator: { description: parsed.data, entry }, diagnostics };
}

function toParam(p: NonNullable<NonNullable<PythonOperatorManifest['board']>['properties']>[number]): ParamDescription {
  const out: ParamDescription = { name: p.name, type: (['string', 'number', 'boolean', 'json', 'options', 'code', 'expression'].includes(p.type ?? '') ? p.type : 'string') as ParamDescription['type'] };
  if (p.default !== undefined) out.default = p.default as ParamDescription['default'];
  if (p.required !== undefined) out.required = p.required;
  if (p.description) out.description = p.description;
  if (p.options) out.options = p.options.map((o) => (typeof o === 'object' && o !== null ? (o as { value: string }) : { value: o as string }));
  return out;
}

function titleCase(name: string): string {
  return name.split(/[-_]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/**
 * Asks a worker which operators a module declares with `@operator(...)`. Each becomes a description;
 * an invalid declaration becomes a diagnostic instead of stopping the others.
 */
export async function describePythonModule(pool: Pick<PythonWorkerPool, 'describe'>, module: string, file?: string): Promise<{ operators: DiscoveredPythonOperator[]; diagnostics: Diagnostic[] }> {
  const result = await pool.describe(module);
  const operators: DiscoveredPythonOperator[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const meta of result.operators) {
    const { entry, ...rest } = meta;
    const parsed = OperatorDescriptionSchema.safeParse({ ...rest, source: 'python' });
    if (parsed.success) {
      operators.push({ description: parsed.data, entry: String(entry) });
      continue;
    }
    for (const issue of parsed.error.issues) {
      diagnostics.push({
        severity: 'error', code: 'InvalidOperator', file, source: 'python', path: `${module}:${String(entry)} ${issue.path.join('.')}`,
        message: `@operator(id=${JSON.stringify(meta.id)}) in ${module}: ${issue.path.join('.') || 'declaration'}: ${issue.message}`,
      });
    }
  }
  return { operators, diagnostics };
}

/** Registers discovered operators; disposing the result removes them from the registry. */
export function registerPythonOperators(registry: OperatorRegistry, found: DiscoveredPythonOperator[], pool: PythonExecutor): Disposable {
  const store = new DisposableStore();
  for (const { description, entry } of found) store.add(registry.register(createPythonOperator(description, entry, pool)));
  return store;
}
