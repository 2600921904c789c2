/**
 * Whether a value fits a setting declaration of `[configuration.properties]`. One rule set serves
 * the manifest check (a declaration's own default) and the host (the user's value in settings.json).
 */

/** The parts of a setting declaration a value is checked against. */
export interface SettingShape {
  type?: unknown;
  enum?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  minLength?: unknown;
  maxLength?: unknown;
  pattern?: unknown;
}

/** The JSON type of a value, telling integers from other numbers. */
export function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** Whether a value has one of the declared JSON types (an integer is also a number). */
export function matchesSettingType(v: unknown, type: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  const actual = jsonTypeOf(v);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

/** A declaration's pattern as a RegExp; undefined when absent or not a valid expression. */
export function settingPattern(decl: SettingShape): RegExp | undefined {
  if (typeof decl.pattern !== 'string') return undefined;
  try {
    return new RegExp(decl.pattern, 'u');
  } catch {
    return undefined;
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * Why `value` does not fit `decl`, as a phrase to follow the value ("is below the minimum 5"), or
 * undefined when it fits. Checks run in the order a reader fixes them: type, enum, bounds, length,
 * pattern. A pattern that is not a valid expression is ignored (the manifest check reports it).
 */
export function settingMismatch(decl: SettingShape, value: unknown): string | undefined {
  if (decl.type !== undefined && !matchesSettingType(value, decl.type)) {
    const actual = jsonTypeOf(value);
    return `is ${['integer', 'array', 'object'].includes(actual) ? 'an' : 'a'} ${actual}`;
  }
  if (Array.isArray(decl.enum) && !decl.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return 'is not one of the allowed values';
  }
  const [minimum, maximum, minLength, maxLength] = [num(decl.minimum), num(decl.maximum), num(decl.minLength), num(decl.maxLength)];
  if (typeof value === 'number') {
    if (minimum !== undefined && value < minimum) return `is below the minimum ${minimum}`;
    if (maximum !== undefined && value > maximum) return `is above the maximum ${maximum}`;
  }
  if (typeof value === 'string') {
    if (minLength !== undefined && value.length < minLength) return `is shorter than ${minLength} characters`;
    if (maxLength !== undefined && value.length > maxLength) return `is longer than ${maxLength} characters`;
    const re = settingPattern(decl);
    if (re && !re.test(value)) return `does not match the pattern ${String(decl.pattern)}`;
  }
  return undefined;
}
