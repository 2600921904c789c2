import { closest } from '../base/diagnostic';
import { SETTING_SCOPES } from './base-schema';
import type { Finding } from './manifest-diagnostics';
import { describeValue } from './schema-issues';

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

function matchesType(v: unknown, type: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  const actual = jsonType(v);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

/**
 * Checks each setting's default against its own declaration (type, enum, bounds, pattern), the
 * mistakes the Settings editor would otherwise show to every user of the extension.
 */
export function checkConfiguration(configuration: Table, out: Finding[]): void {
  const properties = isTable(configuration.properties) ? configuration.properties : {};
  for (const [id, raw] of Object.entries(properties)) {
    if (!isTable(raw)) continue;
    const at = (field: string) => ['configuration', 'properties', id, field];
    const { type, minimum, maximum } = raw;
    if (typeof raw.scope === 'string' && !(SETTING_SCOPES as readonly string[]).includes(raw.scope)) {
      const near = closest(raw.scope, SETTING_SCOPES);
      out.push({ severity: 'warning', code: 'UnknownSettingScope', path: at('scope'), message: `setting "${id}": scope "${raw.scope}" is not one of ${SETTING_SCOPES.join(', ')}; "window" is used`, ...(near ? { fix: `did you mean "${near}"?`, suggestion: near } : {}) });
    }
    const hasDefault = 'default' in raw && raw.default !== undefined;
    const value = raw.default;
    if (typeof minimum === 'number' && typeof maximum === 'number' && minimum > maximum) {
      out.push({ severity: 'error', code: 'InvalidSetting', path: at('minimum'), message: `setting "${id}": minimum ${minimum} is greater than maximum ${maximum}`, fix: 'swap the two bounds' });
    }
    let pattern: RegExp | undefined;
    if (typeof raw.pattern === 'string') {
      try {
        pattern = new RegExp(raw.pattern, 'u');
      } catch (e) {
        out.push({ severity: 'error', code: 'InvalidSetting', path: at('pattern'), message: `setting "${id}": pattern is not a valid regular expression (${(e as Error).message})`, fix: 'fix the regular expression' });
      }
    }
    if (!hasDefault) continue;
    if (type !== undefined && !matchesType(value, type)) {
      out.push({ severity: 'error', code: 'InvalidDefault', path: at('default'), message: `setting "${id}": default ${describeValue(value)} is not of type ${Array.isArray(type) ? type.join(' | ') : String(type)}`, fix: `give a default of type ${String(type)}` });
      continue;
    }
    if (Array.isArray(raw.enum) && !raw.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
      out.push({ severity: 'error', code: 'InvalidDefault', path: at('default'), message: `setting "${id}": default ${describeValue(value)} is not one of its enum values ${raw.enum.map((e) => JSON.stringify(e)).join(', ')}`, fix: 'use one of the enum values as default' });
    }
    if (typeof value === 'number') {
      if (typeof minimum === 'number' && value < minimum) out.push({ severity: 'error', code: 'InvalidDefault', path: at('default'), message: `setting "${id}": default ${value} is below its minimum ${minimum}`, fix: `use a default of at least ${minimum}` });
      if (typeof maximum === 'number' && value > maximum) out.push({ severity: 'error', code: 'InvalidDefault', path: at('default'), message: `setting "${id}": default ${value} is above its maximum ${maximum}`, fix: `use a default of at most ${maximum}` });
    }
    if (typeof value === 'string' && pattern && !pattern.test(value)) {
      out.push({ severity: 'error', code: 'InvalidDefault', path: at('default'), message: `setting "${id}": default ${describeValue(value)} does not match its pattern ${String(raw.pattern)}`, fix: 'change the default or the pattern' });
    }
  }
}
