import semver from 'semver';
import { z } from 'zod';
import { closest } from '../base/diagnostic';
import { PERMISSION_NAMES, isPermissionName } from './permissions';

/**
 * String schemas with the checks manifests need. Each failure is a zod `custom` issue whose
 * `params` carry a stable diagnostic `code` and, where one exists, a suggested `fix` and a
 * `suggestion` (the corrected value, which the editor offers as a quick fix).
 */
export interface IssueParams {
  code: string;
  fix?: string;
  suggestion?: string;
}

type Ctx = z.core.$RefinementCtx<string>;

function report(ctx: Ctx, message: string, params: IssueParams): void {
  ctx.addIssue({ code: 'custom', message, params: { ...params } });
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Lower-cases and joins words with hyphens: `Word_Tools` → `word-tools`. */
export function toKebabCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A package name: kebab-case, as it appears in dependency tables and command ids. */
export const kebabName = () =>
  z.string().meta({ pattern: KEBAB.source }).superRefine((value, ctx) => {
    if (KEBAB.test(value)) return;
    const suggestion = toKebabCase(value);
    report(ctx, `"${value}" is not a kebab-case name (lower-case letters, digits and single hyphens, e.g. "word-tools")`, {
      code: 'InvalidName',
      ...(suggestion ? { fix: `use "${suggestion}"`, suggestion } : { fix: 'use lower-case words joined by hyphens, e.g. "word-tools"' }),
    });
  });

/** A semantic version, `MAJOR.MINOR.PATCH` with optional pre-release and build parts. */
export const semverVersion = () =>
  z.string().meta({ pattern: '^\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$' }).superRefine((value, ctx) => {
    // semver.valid also accepts "v1.0.0" and "=1.0.0" and cleans them; a manifest must be exact.
    if (semver.valid(value) === value) return;
    const coerced = semver.valid(value) ?? semver.coerce(value)?.version;
    report(ctx, `"${value}" is not a semantic version (semver MAJOR.MINOR.PATCH, e.g. "1.0.0")`, {
      code: 'InvalidVersion',
      ...(coerced ? { fix: `did you mean "${coerced}"?`, suggestion: coerced } : { fix: 'write three numbers, e.g. "1.0.0"' }),
    });
  });

const rangeCache = new Map<string, boolean>();

/**
 * Whether a semver range is valid. Parsing a range is the costliest step of validating a typical
 * manifest, and the same few ranges (">=0.1.0", "^1.0.0") recur across extensions, so answers
 * are remembered (bounded, so hostile input cannot grow it without limit).
 */
export function isValidRange(range: string): boolean {
  let ok = rangeCache.get(range);
  if (ok === undefined) {
    ok = semver.validRange(range) !== null;
    if (rangeCache.size > 1000) rangeCache.clear();
    rangeCache.set(range, ok);
  }
  return ok;
}

/** A semver range as npm writes it (`^1.2.0`, `>=0.1.0 <2`, `*`). */
export const semverRange = () =>
  z.string().superRefine((value, ctx) => {
    if (isValidRange(value)) return;
    const repaired = repairRange(value);
    report(ctx, `"${value}" is not a valid semver range (e.g. "^1.2.0", ">=0.1.0 <2.0.0" or "*")`, {
      code: 'InvalidVersionRange',
      ...(repaired ? { fix: `did you mean "${repaired}"?`, suggestion: repaired } : { fix: 'write a range such as ">=0.1.0"' }),
    });
  });

/** Collapses doubled comparison operators, the usual typo (`<<2` → `<2`). */
function repairRange(value: string): string | undefined {
  const candidate = value.replace(/([<>])\1+/g, '$1').replace(/={2,}/g, '=');
  return candidate !== value && semver.validRange(candidate) !== null ? candidate : undefined;
}

/** Marks permission-name schemas so the JSON Schema generator can list the names for completion. */
export const PERMISSION_NAME_MARK = 'x-symphony-permission';

/** A permission name from DESIGN.md's list. */
export const permissionName = () =>
  z.string().meta({ [PERMISSION_NAME_MARK]: true }).superRefine((value, ctx) => {
    if (isPermissionName(value)) return;
    const near = closest(value, PERMISSION_NAMES);
    report(ctx, `unknown permission "${value}"; known permissions are ${PERMISSION_NAMES.join(', ')}`, {
      code: 'UnknownPermission',
      ...(near ? { fix: `did you mean "${near}"?`, suggestion: near } : { fix: `use one of ${PERMISSION_NAMES.join(', ')}` }),
    });
  });

/** A non-empty string. */
export const text = () => z.string().min(1, { message: 'must not be empty' });
