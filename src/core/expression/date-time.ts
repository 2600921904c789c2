import { ExpressionFault, HostObject, MISSING, registerFunction, type CallContext } from './runtime';

const UNITS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond'] as const;
type Unit = (typeof UNITS)[number];
const MS: Partial<Record<Unit, number>> = { week: 604_800_000, day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000, millisecond: 1 };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function unitOf(name: unknown, method: string): Unit {
  const n = String(name ?? '').toLowerCase().replace(/s$/, '');
  if ((UNITS as readonly string[]).includes(n)) return n as Unit;
  throw new ExpressionFault(`${method}(): '${String(name)}' is not a unit; use one of ${UNITS.map((u) => `${u}s`).join(', ')}`);
}

const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0');
const daysInMonth = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/**
 * A point in time as n8n's `$now` / `DateTime` (Luxon) show it, reduced to what expressions use
 * most. Symphony keeps every DateTime in UTC: `toISO()` ends in `Z`.
 */
export class ExprDateTime extends HostObject {
  readonly kind = 'DateTime';

  constructor(readonly ms: number) {
    super();
    if (!Number.isFinite(ms)) throw new ExpressionFault('Invalid DateTime: the value is not a valid point in time');
  }

  private get d(): Date {
    return new Date(this.ms);
  }

  private parts() {
    const d = this.d;
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millisecond: d.getUTCMilliseconds() };
  }

  override get(name: string): unknown {
    const p = this.parts();
    const d = this.d;
    switch (name) {
      case 'year': case 'month': case 'day': case 'hour': case 'minute': case 'second': case 'millisecond':
        return p[name];
      case 'weekday': return ((d.getUTCDay() + 6) % 7) + 1;
      case 'weekdayLong': return WEEKDAYS[(d.getUTCDay() + 6) % 7];
      case 'weekdayShort': return WEEKDAYS[(d.getUTCDay() + 6) % 7]!.slice(0, 3);
      case 'monthLong': return MONTHS[p.month - 1];
      case 'monthShort': return MONTHS[p.month - 1]!.slice(0, 3);
      case 'quarter': return Math.ceil(p.month / 3);
      case 'daysInMonth': return daysInMonth(p.year, p.month - 1);
      case 'ordinal': return Math.round((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86_400_000) + 1;
      case 'weekNumber': return isoWeek(d);
      case 'ts': return this.ms;
      case 'zoneName': return 'UTC';
      case 'offset': return 0;
      case 'isValid': return true;
      default: return MISSING;
    }
  }

  override members(): string[] {
    return ['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond', 'weekday', 'toISO', 'toFormat', 'toMillis', 'plus', 'minus', 'startOf', 'endOf', 'diff', 'diffTo', 'toJSDate', 'set', 'equals', 'hasSame'];
  }

  override call(name: string, args: unknown[], _ctx: CallContext): unknown {
    switch (name) {
      case 'toISO': case 'toString': case 'toJSON': return this.toJSON();
      case 'toISODate': return this.toJSON().slice(0, 10);
      case 'toISOTime': return this.toJSON().slice(11);
      case 'toMillis': case 'valueOf': return this.ms;
      case 'toSeconds': return this.ms / 1000;
      case 'toUnixInteger': return Math.floor(this.ms / 1000);
      case 'toJSDate': return new Date(this.ms);
      case 'toDateTime': case 'toUTC': case 'toLocal': case 'setZone': return this;
      case 'toFormat': case 'format': return this.format(String(args[0] ?? "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"));
      case 'toLocaleString': return this.d.toLocaleString(typeof args[0] === 'string' ? args[0] : 'en-US', { timeZone: 'UTC' });
      case 'plus': return this.shift(args, 1, name);
      case 'minus': return this.shift(args, -1, name);
      case 'startOf': case 'beginningOf': return this.startOf(unitOf(args[0], name));
      case 'endOf': return new ExprDateTime(this.startOf(unitOf(args[0], name)).shift([1, args[0]], 1, name).ms - 1);
      case 'endOfMonth': return new ExprDateTime(this.startOf('month').shift([1, 'month'], 1, name).ms - 1);
      case 'set': return this.set(args[0]);
      case 'diff': {
        const other = parseDateTimeValue(args[0], 'diff');
        const units = (Array.isArray(args[1]) ? args[1] : [args[1] ?? 'millisecond']).map((u) => unitOf(u, 'diff'));
        return Object.fromEntries(units.map((u) => [`${u}s`, this.diffIn(other, u)]));
      }
      case 'diffTo': return this.diffIn(parseDateTimeValue(args[0], 'diffTo'), unitOf(args[1] ?? 'days', 'diffTo'));
      case 'equals': return args[0] instanceof ExprDateTime && args[0].ms === this.ms;
      case 'hasSame': {
        const unit = unitOf(args[1], 'hasSame');
        return this.startOf(unit).ms === parseDateTimeValue(args[0], 'hasSame').startOf(unit).ms;
      }
      case 'isBetween': {
        const a = parseDateTimeValue(args[0], 'isBetween').ms;
        const b = parseDateTimeValue(args[1], 'isBetween').ms;
        return this.ms > Math.min(a, b) && this.ms < Math.max(a, b);
      }
      case 'isWeekend': return [0, 6].includes(this.d.getUTCDay());
      case 'extract': {
        const unit = args[0] === undefined ? 'week' : unitOf(args[0], 'extract');
        return unit === 'week' ? isoWeek(this.d) : this.get(unit);
      }
      default: return MISSING;
    }
  }

  override toJSON(): string {
    return this.d.toISOString();
  }

  override toString(): string {
    return this.toJSON();
  }

  /** Like Luxon: in `+` and comparisons a DateTime acts as its milliseconds. */
  override valueOf(): number {
    return this.ms;
  }

  private diffIn(other: ExprDateTime, unit: Unit): number {
    if (unit === 'year' || unit === 'quarter' || unit === 'month') {
      const a = this.parts();
      const b = other.parts();
      const months = (a.year - b.year) * 12 + (a.month - b.month) + (this.ms - new ExprDateTime(other.ms).shift([(a.year - b.year) * 12 + (a.month - b.month), 'months'], 1, 'diff').ms) / (daysInMonth(a.year, a.month - 1) * 86_400_000);
      return unit === 'month' ? months : unit === 'quarter' ? months / 3 : months / 12;
    }
    return (this.ms - other.ms) / MS[unit]!;
  }

  private shift(args: unknown[], sign: number, method: string): ExprDateTime {
    const [amount, unitArg] = args;
    let changes: Record<string, number>;
    if (typeof amount === 'number') changes = { [unitArg === undefined ? 'millisecond' : unitOf(unitArg, method)]: amount };
    else if (amount && typeof amount === 'object' && !Array.isArray(amount)) {
      changes = {};
      for (const [k, v] of Object.entries(amount as Record<string, unknown>)) changes[unitOf(k, method)] = Number(v);
    } else throw new ExpressionFault(`${method}() expects a number and a unit, e.g. ${method}(1, 'days'), or an object, e.g. ${method}({ days: 1 })`);
    const p = this.parts();
    const months = sign * (((changes.year ?? 0) * 12) + ((changes.quarter ?? 0) * 3) + (changes.month ?? 0));
    let base = this.ms;
    if (months) {
      const y = p.year + Math.floor((p.month - 1 + months) / 12);
      const m0 = (((p.month - 1 + months) % 12) + 12) % 12;
      base = Date.UTC(y, m0, Math.min(p.day, daysInMonth(y, m0)), p.hour, p.minute, p.second, p.millisecond);
    }
    let delta = 0;
    for (const u of ['week', 'day', 'hour', 'minute', 'second', 'millisecond'] as const) delta += (changes[u] ?? 0) * MS[u]!;
    return new ExprDateTime(base + sign * delta);
  }

  private startOf(unit: Unit): ExprDateTime {
    const p = this.parts();
    switch (unit) {
      case 'year': return new ExprDateTime(Date.UTC(p.year, 0, 1));
      case 'quarter': return new ExprDateTime(Date.UTC(p.year, Math.floor((p.month - 1) / 3) * 3, 1));
      case 'month': return new ExprDateTime(Date.UTC(p.year, p.month - 1, 1));
      case 'week': {
        const day = Date.UTC(p.year, p.month - 1, p.day);
        return new ExprDateTime(day - ((new Date(day).getUTCDay() + 6) % 7) * 86_400_000);
      }
      default:
        return new ExprDateTime(this.ms - (this.ms % MS[unit]! + MS[unit]!) % MS[unit]!);
    }
  }

  private set(values: unknown): ExprDateTime {
    if (!values || typeof values !== 'object') throw new ExpressionFault('set() expects an object, e.g. set({ hour: 9 })');
    const p: Record<string, number> = this.parts();
    for (const [k, v] of Object.entries(values as Record<string, unknown>)) p[unitOf(k, 'set')] = Number(v);
    return new ExprDateTime(Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second, p.millisecond));
  }

  private format(fmt: string): string {
    const p = this.parts();
    const weekday = (this.d.getUTCDay() + 6) % 7;
    return fmt.replace(/'([^']*)'|yyyy|yy|y|MMMM|MMM|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|SSS|S|a|EEEE|EEE|E|ZZZ|ZZ|Z|ooo|o|q|kkkk|WW|W/g, (t, quoted: string | undefined) => {
      if (quoted !== undefined) return quoted === '' ? "'" : quoted;
      switch (t) {
        case 'yyyy': return pad(p.year, 4);
        case 'yy': return pad(p.year % 100);
        case 'y': case 'kkkk': return String(p.year);
        case 'MMMM': return MONTHS[p.month - 1]!;
        case 'MMM': return MONTHS[p.month - 1]!.slice(0, 3);
        case 'MM': return pad(p.month);
        case 'M': return String(p.month);
        case 'dd': return pad(p.day);
        case 'd': return String(p.day);
        case 'HH': return pad(p.hour);
        case 'H': return String(p.hour);
        case 'hh': return pad(p.hour % 12 || 12);
        case 'h': return String(p.hour % 12 || 12);
        case 'mm': return pad(p.minute);
        case 'm': return String(p.minute);
        case 'ss': return pad(p.second);
        case 's': return String(p.second);
        case 'SSS': return pad(p.millisecond, 3);
        case 'S': return String(p.millisecond);
        case 'a': return p.hour < 12 ? 'AM' : 'PM';
        case 'EEEE': return WEEKDAYS[weekday]!;
        case 'EEE': return WEEKDAYS[weekday]!.slice(0, 3);
        case 'E': return String(weekday + 1);
        case 'ZZZ': return '+0000';
        case 'ZZ': return '+00:00';
        case 'Z': return '+0';
        case 'ooo': return pad(this.get('ordinal') as number, 3);
        case 'o': return String(this.get('ordinal'));
        case 'q': return String(Math.ceil(p.month / 3));
        case 'WW': return pad(isoWeek(this.d));
        case 'W': return String(isoWeek(this.d));
        default: return t;
      }
    });
  }
}

function isoWeek(d: Date): number {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const thursday = day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * 86_400_000;
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.floor((thursday - yearStart) / 604_800_000) + 1;
}

const ISO = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Milliseconds for a date string (ISO 8601, SQL, RFC 2822, HTTP); no zone means UTC. NaN if none fits. */
export function parseDateString(text: string): number {
  const s = text.trim();
  const m = ISO.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, frac, zone] = m;
    let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), Math.round(Number(`0.${frac ?? 0}`) * 1000));
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0)) * 60_000;
    }
    return ms;
  }
  if (/^\d+$/.test(s)) return NaN;
  return Date.parse(s);
}

/** Turns a DateTime, Date, ISO/RFC string or epoch milliseconds into an ExprDateTime. */
export function parseDateTimeValue(value: unknown, method: string): ExprDateTime {
  if (value instanceof ExprDateTime) return value;
  if (value instanceof Date) return new ExprDateTime(value.getTime());
  if (typeof value === 'number') return new ExprDateTime(value);
  if (typeof value === 'string') {
    const ms = parseDateString(value);
    if (!Number.isNaN(ms)) return new ExprDateTime(ms);
  }
  throw new ExpressionFault(`${method}(): ${JSON.stringify(value) ?? String(value)} is not a date; use an ISO 8601 text such as 2024-05-31T12:00:00Z`);
}

/** The `DateTime` global, a small part of Luxon's static API. */
export function dateTimeGlobal(now: () => Date) {
  const fromParts = (o: unknown) => {
    const p = (o ?? {}) as Record<string, number>;
    return new ExprDateTime(Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0, p.millisecond ?? 0));
  };
  return registerFunction(() => {
    throw new ExpressionFault('DateTime is not a function; use DateTime.now() or DateTime.fromISO(text)');
  }, {
    now: registerFunction(() => new ExprDateTime(now().getTime())),
    local: registerFunction((...a: unknown[]) => (a.length ? fromParts({ year: a[0], month: a[1], day: a[2], hour: a[3], minute: a[4], second: a[5], millisecond: a[6] }) : new ExprDateTime(now().getTime()))),
    utc: registerFunction((...a: unknown[]) => (a.length ? fromParts({ year: a[0], month: a[1], day: a[2], hour: a[3], minute: a[4], second: a[5], millisecond: a[6] }) : new ExprDateTime(now().getTime()))),
    fromISO: registerFunction((s: unknown) => parseDateTimeValue(String(s), 'DateTime.fromISO')),
    fromSQL: registerFunction((s: unknown) => parseDateTimeValue(String(s), 'DateTime.fromSQL')),
    fromHTTP: registerFunction((s: unknown) => parseDateTimeValue(String(s), 'DateTime.fromHTTP')),
    fromRFC2822: registerFunction((s: unknown) => parseDateTimeValue(String(s), 'DateTime.fromRFC2822')),
    fromMillis: registerFunction((n: unknown) => new ExprDateTime(Number(n))),
    fromSeconds: registerFunction((n: unknown) => new ExprDateTime(Number(n) * 1000)),
    fromJSDate: registerFunction((d: unknown) => parseDateTimeValue(d, 'DateTime.fromJSDate')),
    fromObject: registerFunction(fromParts),
    isDateTime: registerFunction((v: unknown) => v instanceof ExprDateTime),
  });
}
