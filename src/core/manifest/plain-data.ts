/**
 * Safe access to parsed manifest data. Keys come from user files, so `__proto__` or
 * `constructor` must read and write as ordinary fields, never reach Object.prototype.
 */

/** A parsed table (object), not a list, date or null. */
export type Table = Record<string, unknown>;

export const isTable = (v: unknown): v is Table =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** The entry of a lookup table for a user-supplied key, ignoring inherited properties. */
export function lookup<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Sets a field as an own property, even when it is called `__proto__`. */
export function setField(target: Table, key: string, value: unknown): void {
  // defineProperty turns objects into slow dictionaries; only the one dangerous key needs it.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
