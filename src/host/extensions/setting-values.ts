// The values of sub-extension settings, checked against their manifest declarations. Pure (no
// `vscode`): the host reads settings.json, this decides what the extension sees. The checks are
// src/core/manifest/setting-value.ts's, which the manifest check applies to a declaration's default.
import type { EffectiveManifest } from '../../core/manifest';
import { settingMismatch } from '../../core/manifest/setting-value';

/** One `[configuration.properties]` entry of a manifest. */
export type SettingDeclaration = EffectiveManifest['configuration']['properties'][string];

/** Why a user's value was not used. */
export interface SettingProblem {
  setting: string;
  value: unknown;
  /** What the declaration accepts, e.g. `an integer from 1 to 10`. */
  expected: string;
  /** What the user can do about it. */
  fix: string;
  message: string;
}

/** The value an extension reads, and the problem when the user's value had to be ignored. */
export interface EffectiveSetting {
  value: unknown;
  source: 'user' | 'default';
  problem?: SettingProblem;
}

const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/** A phrase for what a declaration accepts, for messages and input prompts. */
export function describeExpected(decl: SettingDeclaration): string {
  if (decl.enum?.length) return `one of ${decl.enum.map(show).join(', ')}`;
  const types = Array.isArray(decl.type) ? decl.type : [decl.type];
  const noun = types.map((t) => (t === 'integer' ? 'an integer' : t === 'array' || t === 'object' ? `an ${t}` : `a ${t}`)).join(' or ');
  const parts = [noun];
  if (decl.minimum !== undefined && decl.maximum !== undefined) parts.push(`from ${decl.minimum} to ${decl.maximum}`);
  else if (decl.minimum !== undefined) parts.push(`of at least ${decl.minimum}`);
  else if (decl.maximum !== undefined) parts.push(`of at most ${decl.maximum}`);
  if (decl.minLength !== undefined) parts.push(`at least ${decl.minLength} characters long`);
  if (decl.maxLength !== undefined) parts.push(`at most ${decl.maxLength} characters long`);
  if (decl.pattern !== undefined) parts.push(`matching ${decl.pattern}`);
  return parts.join(' ');
}

/** Why `value` does not fit `decl`, or undefined when it does. Never throws (a bad pattern is ignored; the manifest check reports it). */
export function checkSettingValue(setting: string, decl: SettingDeclaration, value: unknown): SettingProblem | undefined {
  const expected = describeExpected(decl);
  const problem = (why: string): SettingProblem => ({
    setting,
    value,
    expected,
    fix: `set "${setting}" to ${expected} in settings.json (or run "Symphony: Edit Sub-extension Settings…"), or remove it to use the default ${show(decl.default)}`,
    message: `setting "${setting}": ${show(value)} ${why}; expected ${expected}`,
  });
  const why = settingMismatch(decl, value);
  return why === undefined ? undefined : problem(why);
}

/** What an extension reads: the user's value when it fits the declaration, else the manifest default. */
export function effectiveSetting(setting: string, decl: SettingDeclaration, userValue: unknown): EffectiveSetting {
  const fallback = decl.default === undefined ? null : decl.default;
  if (userValue === undefined) return { value: fallback, source: 'default' };
  const problem = checkSettingValue(setting, decl, userValue);
  return problem ? { value: fallback, source: 'default', problem } : { value: userValue, source: 'user' };
}

/**
 * The declaration a key names for one extension: the declared id itself, or a short key that
 * the extension's name prefixes (`mode` for `word-tools.mode`).
 */
export function findSetting(manifest: EffectiveManifest, key: string): { id: string; decl: SettingDeclaration } | undefined {
  const props = manifest.configuration.properties;
  for (const id of [key, `${manifest.id}.${key}`]) if (Object.prototype.hasOwnProperty.call(props, id)) return { id, decl: props[id]! };
  return undefined;
}

/** Turns what a user typed into a value of the declared type (JSON for arrays, objects and unions). */
export function parseTypedInput(decl: SettingDeclaration, text: string): { value: unknown } | { error: string } {
  const types = Array.isArray(decl.type) ? decl.type : [decl.type];
  const trimmed = text.trim();
  if (types.length === 1 && types[0] === 'string') return { value: text };
  if (types.length === 1 && (types[0] === 'number' || types[0] === 'integer')) {
    const n = Number(trimmed);
    return trimmed === '' || Number.isNaN(n) ? { error: `"${text}" is not a number; expected ${describeExpected(decl)}` } : { value: n };
  }
  if (types.length === 1 && types[0] === 'boolean') {
    return trimmed === 'true' ? { value: true } : trimmed === 'false' ? { value: false } : { error: `type true or false` };
  }
  try {
    return { value: JSON.parse(trimmed) };
  } catch {
    // A string is accepted unquoted where strings are allowed.
    return types.includes('string') ? { value: text } : { error: `"${text}" is not JSON; expected ${describeExpected(decl)}` };
  }
}

/**
 * A JSON Schema describing every sub-extension setting, for completion and hover in settings.json
 * (served to VS Code's JSON language service through `jsonValidation`).
 */
export function settingsJsonSchema(manifests: readonly EffectiveManifest[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const m of manifests) {
    for (const [id, decl] of Object.entries(m.configuration.properties)) {
      const { scope: _scope, order: _order, tags: _tags, enumDescriptions, markdownDescription, description, ...schema } = decl;
      const text = markdownDescription ?? description ?? '';
      properties[id] = {
        ...schema,
        ...(enumDescriptions ? { enumDescriptions } : {}),
        // VS Code's JSON service shows markdownDescription on hover; the extension is named so users know where it comes from.
        markdownDescription: `${text}${text ? '\n\n' : ''}*Symphony extension \`${m.id}\`*`,
      };
    }
  }
  return { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties };
}
