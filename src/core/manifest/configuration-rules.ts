import { closest } from '../base/diagnostic';
import { SETTING_SCOPES } from './base-schema';
import type { Finding } from './manifest-diagnostics';
import { describeValue } from './schema-issues';
import { settingMismatch } from './setting-value';

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks each setting's declaration (scope, bounds, pattern) and its default against it (type,
 * enum, bounds, length, pattern), the mistakes the Settings editor would otherwise show to every
 * user of the extension.
 */
export function checkConfiguration(configuration: Table, out: Finding[]): void {
  const properties = isTable(configuration.properties) ? configuration.properties : {};
  for (const [id, raw] of Object.entries(properties)) {
    if (!isTable(raw)) continue;
    const at = (field: string) => ['configuration', 'properties', id, field];
    const { minimum, maximum } = raw;
    if (typeof raw.scope === 'string' && !(SETTING_SCOPES as readonly string[]).includes(raw.scope)) {
      const near = closest(raw.scope, SETTING_SCOPES);
      out.push({ severity: 'warning', code: 'UnknownSettingScope', path: at('scope'), message: `setting "${id}": scope "${raw.scope}" is not one of ${SETTING_SCOPES.join(', ')}; "window" is used`, ...(near ? { fix: `did you mean "${near}"?`, suggestion: near } : {}) });
    }
    if (typeof minimum === 'number' && typeof maximum === 'number' && minimum > maximum) {
      out.push({ severity: 'error', code: 'InvalidSetting', path: at('minimum'), message: `setting "${id}": minimum ${minimum} is greater than maximum ${maximum}`, fix: 'swap the two bounds' });
    }
    if (typeof raw.pattern === 'string') {
      try {
        new RegExp(raw.pattern, 'u');
      } catch (e) {
        out.push({ severity: 'error', code: 'InvalidSetting', path: at('pattern'), message: `setting "${id}": pattern is not a valid regular expression (${(e as Error).message})`, fix: 'fix the regular expression' });
      }
    }
    if (!('default' in raw) || raw.default === undefined) continue;
    const why = settingMismatch(raw, raw.default);
    if (why) {
      const allowed = Array.isArray(raw.enum)
        ? ` (one of ${raw.enum.map((e) => JSON.stringify(e)).join(', ')})`
        : raw.type === undefined ? '' : ` (type ${Array.isArray(raw.type) ? raw.type.join(' | ') : String(raw.type)})`;
      out.push({ severity: 'error', code: 'InvalidDefault', path: at('default'), message: `setting "${id}": default ${describeValue(raw.default)} ${why}`, fix: `give a default that fits the declaration${allowed}, or change the declaration` });
    }
  }
}
