import semver from 'semver';
import type { z } from 'zod';
import { closest, formatPath } from '../base/diagnostic';
import type { Finding } from './manifest-diagnostics';
import type { ManifestFormat } from './manifest-format';
import { lookup } from './plain-data';
import type { IssueParams } from './schema-checks';

type Path = Array<string | number>;
type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/** Context for explaining schema issues in the author's own format. */
export interface IssueContext {
  data: unknown;
  format: ManifestFormat;
  schema: AnySchema;
  unknownFields: 'warning' | 'error';
  /** Extra advice for a field that belongs to the other manifest kind. */
  otherKindHint?: (key: string) => string | undefined;
}

/** Turns zod issues into findings that say what was expected and what to write instead. */
export function findingsFromIssues(issues: readonly Issue[], ctx: IssueContext): Finding[] {
  const out: Finding[] = [];
  for (const issue of issues) explain(issue, [], ctx, out);
  return out;
}

function explain(issue: Issue, prefix: Path, ctx: IssueContext, out: Finding[]): void {
  const path: Path = [...prefix, ...(issue.path as Path)];
  const value = valueAt(ctx.data, path);
  const field = fieldName(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(ctx.schema, path);
      for (const key of issue.keys) {
        const near = closest(key, known);
        const hint = path.length === 0 ? ctx.otherKindHint?.(key) : undefined;
        out.push({
          severity: ctx.unknownFields,
          code: 'UnknownField',
          path: [...path, key],
          atKey: true,
          message: `unknown field "${key}" in ${tableName(path)}${hint ? `: ${hint}` : ''}`,
          ...(near
            ? { fix: `did you mean "${near}"?`, suggestion: near }
            : { fix: hint ? hint : `remove it${known.length ? `; known fields here: ${known.join(', ')}` : ''}` }),
        });
      }
      return;
    }
    case 'invalid_type': {
      if (value === undefined) {
        out.push(missing(path, issue.expected, ctx.format));
        return;
      }
      out.push(wrongType(path, issue.expected, value, ctx.format));
      return;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v));
      const near = typeof value === 'string' ? closest(value, allowed) : undefined;
      out.push({
        severity: 'error',
        code: 'InvalidValue',
        path,
        message: `${describeValue(value)} is not a valid ${field}; expected one of ${allowed.map((a) => `"${a}"`).join(', ')}`,
        ...(near ? { fix: `did you mean "${near}"?`, suggestion: near } : { fix: `use one of ${allowed.join(', ')}` }),
      });
      return;
    }
    case 'invalid_union': {
      const branch = bestBranch(issue.errors);
      if (branch) {
        for (const inner of branch) explain(inner, path, ctx, out);
        return;
      }
      out.push({ severity: 'error', code: 'InvalidType', path, message: `${describeValue(value)} is not valid for ${field}: ${expectedOfUnion(issue.errors)}`, fix: unionFix(path, ctx.format) });
      return;
    }
    case 'custom': {
      const params = (issue.params ?? {}) as Partial<IssueParams>;
      out.push({
        severity: 'error',
        code: params.code ?? 'InvalidValue',
        path,
        message: issue.message,
        ...(params.fix ? { fix: params.fix } : {}),
        ...(params.suggestion ? { suggestion: params.suggestion } : {}),
      });
      return;
    }
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
    case 'not_multiple_of':
    default:
      out.push({ severity: 'error', code: 'InvalidValue', path, message: `${field}: ${issue.message} (got ${describeValue(value)})`, ...(issue.message.startsWith('must ') ? { fix: `the value ${issue.message}` } : {}) });
  }
}

/** The branch of a union the author most likely meant: one that got past the type check. */
function bestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const typeMiss = (issues: readonly Issue[]) => issues.some((i) => i.code === 'invalid_type' && i.path.length === 0);
  const candidates = branches.filter((b) => !typeMiss(b));
  return candidates[0];
}

/** What to write instead, for the unions authors meet most. */
function unionFix(path: Path, format: ManifestFormat): string {
  const key = String(path[path.length - 1] ?? 'value');
  if (path[0] === 'dependencies') return `write ${assignment(key, '"^1.0.0"', format)}, or a table with version and optional`;
  if (path[0] === 'security' && path[1] === 'permissions') return 'write a permission name such as "fs.read", or a table with name and scope';
  return 'see docs/manifest-reference.md for the accepted forms';
}

function expectedOfUnion(branches: readonly (readonly Issue[])[]): string {
  const kinds = branches.flatMap((b) => b.filter((i) => i.code === 'invalid_type' && i.path.length === 0).map((i) => typeWord((i as { expected: string }).expected)));
  return `expected ${[...new Set(kinds)].join(' or ')}`;
}

function missing(path: Path, expected: string, format: ManifestFormat): Finding {
  const key = path[path.length - 1];
  const parent = path.slice(0, -1);
  if (typeof key !== 'string') return { severity: 'error', code: 'MissingField', path, message: `missing value at ${formatPath(path)}` };
  const example = lookup(EXAMPLES, formatPath(path)) ?? lookup(EXAMPLES, key) ?? exampleFor(expected);
  const where = parent.length ? ` in ${tableName(parent)}` : '';
  const what = expected === 'object' ? `table [${formatPath(path)}]` : `field "${key}"`;
  return {
    severity: 'error',
    code: 'MissingField',
    path,
    message: `missing required ${what}${where} (${formatPath(path)} is required; expected ${typeWord(expected)})`,
    fix: `add ${assignment(key, example, format)}${where ? ` to ${tableName(parent)}` : ''}`,
  };
}

function wrongType(path: Path, expected: string, value: unknown, format: ManifestFormat): Finding {
  const key = String(path[path.length - 1] ?? 'value');
  let fix: string | undefined;
  let suggestion: string | undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim().toLowerCase();
    if (expected === 'boolean' && ['true', 'false', 'yes', 'no', 'on', 'off', '1', '0'].includes(trimmed)) {
      suggestion = ['true', 'yes', 'on', '1'].includes(trimmed) ? 'true' : 'false';
      fix = `write ${assignment(key, suggestion, format)} (a boolean, without quotes)`;
    } else if (expected === 'number' && trimmed !== '' && Number.isFinite(Number(trimmed))) {
      suggestion = String(Number(trimmed));
      fix = `write ${assignment(key, suggestion, format)} (a number, without quotes)`;
    } else if (expected === 'array') {
      suggestion = JSON.stringify([value]);
      fix = `write a list: ${assignment(key, suggestion, format)}`;
    }
  } else if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    // `version = 1.0` is a float in TOML and YAML; the author meant the version "1.0.0".
    const asVersion = /version$/.test(key) && typeof value === 'number' ? semver.coerce(String(value))?.version : undefined;
    suggestion = JSON.stringify(asVersion ?? String(value));
    fix = `quote it: ${assignment(key, suggestion, format)}`;
  }
  return {
    severity: 'error',
    code: 'InvalidType',
    path,
    message: `${formatPath(path)} must be ${typeWord(expected)}, not ${describeValue(value)}`,
    ...(fix ? { fix } : {}),
    ...(suggestion ? { suggestion } : {}),
  };
}

const EXAMPLES: Record<string, string> = {
  'package.name': '"my-extension"',
  'package.version': '"0.1.0"',
  'engine.symphony_version': '">=0.1.0"',
  'workflow.file': '"flows/main.melody"',
  'model.provider': '"openai"',
  'model.model_name': '"gpt-4o"',
  id: '"my-extension.do-something"',
  title: '"Do Something"',
  name: '"main"',
  command: '"my-extension.do-something"',
  key: '"ctrl+alt+d"',
  file: '"flows/main.melody"',
};

function exampleFor(expected: string): string {
  return lookup({ string: '"…"', number: '1', boolean: 'true', array: '[]', object: '{}' }, expected) ?? '…';
}

/** How `key = value` is written in the author's format. */
function assignment(key: string, value: string, format: ManifestFormat): string {
  if (format === 'json') return `"${key}": ${value}`;
  if (format === 'yaml') return `${key}: ${value}`;
  return `${key} = ${value}`;
}

function typeWord(expected: string): string {
  return (
    lookup({ string: 'a string', number: 'a number', int: 'an integer', boolean: 'a boolean (true or false)', array: 'a list', object: 'a table (object)', record: 'a table (object)' }, expected) ??
    expected
  );
}

/** `the string "yes"`, `the number 5`, `a table`… */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return value instanceof Date ? `the date ${value.toISOString()}` : 'a table (object)';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

function fieldName(path: Path): string {
  return path.length ? formatPath(path) : 'the manifest';
}

function tableName(path: Path): string {
  if (path.length === 0) return 'the top level';
  // An element of a list reads better by its path (`commands[0]`) than as a table header.
  return typeof path[path.length - 1] === 'number' ? formatPath(path) : `[${formatPath(path)}]`;
}

/** The value at a path of plain data. */
export function valueAt(data: unknown, path: ReadonlyArray<string | number>): unknown {
  let v = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, String(p))) return undefined;
    v = (v as Record<string, unknown>)[String(p)];
  }
  return v;
}

interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  innerType?: AnySchema;
  element?: AnySchema;
  options?: AnySchema[];
  valueType?: AnySchema;
  in?: AnySchema;
}

const defOf = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The field names an object schema accepts at `path` (for "did you mean" on unknown fields). */
export function knownKeysAt(schema: AnySchema, path: ReadonlyArray<string | number>): string[] {
  const keys = new Set<string>();
  const walk = (s: AnySchema, rest: ReadonlyArray<string | number>, depth: number): void => {
    if (depth > 40) return;
    const def = defOf(s);
    switch (def.type) {
      case 'optional':
      case 'default':
      case 'nullable':
      case 'prefault':
      case 'catch':
      case 'readonly':
        if (def.innerType) walk(def.innerType, rest, depth + 1);
        return;
      case 'pipe':
        if (def.in) walk(def.in, rest, depth + 1);
        return;
      case 'union':
        for (const o of def.options ?? []) walk(o, rest, depth + 1);
        return;
      case 'array':
        if (rest.length && def.element) walk(def.element, rest.slice(1), depth + 1);
        return;
      case 'record':
        if (rest.length && def.valueType) walk(def.valueType, rest.slice(1), depth + 1);
        return;
      case 'object': {
        const shape = def.shape ?? {};
        if (rest.length === 0) {
          for (const k of Object.keys(shape)) keys.add(k);
          return;
        }
        const next = lookup(shape, String(rest[0]));
        if (next) walk(next, rest.slice(1), depth + 1);
        return;
      }
      default:
        return;
    }
  };
  walk(schema, path, 0);
  return [...keys];
}
