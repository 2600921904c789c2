import { checkedString, checkRegexSafety, ExpressionFault, MAX_STRING_LENGTH, RuntimeFault, type CallContext } from './runtime';
import { methodTable, type Method } from './method-table';
import { parseDateTimeValue } from './date-time';

/** Native String methods an expression may call; none of them change anything. */
const NATIVE = [
  'at', 'charAt', 'charCodeAt', 'codePointAt', 'concat', 'endsWith', 'includes', 'indexOf', 'lastIndexOf',
  'localeCompare', 'match', 'normalize', 'replace', 'replaceAll', 'search', 'slice', 'split', 'startsWith',
  'substring', 'substr', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'trim',
  'trimStart', 'trimEnd', 'toString', 'valueOf', 'isWellFormed', 'toWellFormed',
] as const;

/** Methods that turn a text argument into a regular expression. */
const PATTERN_FIRST = new Set(['match', 'search']);

function native(name: string): Method {
  const fn = (String.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
  const takesPattern = PATTERN_FIRST.has(name);
  return (self: string, args, ctx) => {
    if (takesPattern && typeof args[0] === 'string') checkRegexSafety(args[0]);
    ctx.charge(1 + (self.length >> 6));
    const result = Reflect.apply(fn, self, args);
    return typeof result === 'string' ? checkedString(result) : result;
  };
}

const EMAIL = /[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+/;
const URL_PATTERN = /(?:https?|ftp):\/\/[^\s/$.?#][^\s]*/i;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;

function paddedLength(len: unknown, method: string, ctx: CallContext): number {
  const n = Number(len ?? 0);
  if (n > MAX_STRING_LENGTH) throw new ExpressionFault(`${method}(): ${n} characters is over the limit of ${MAX_STRING_LENGTH}`);
  ctx.charge(1 + (n >> 6));
  return n;
}

function words(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function utf8ToBase64(s: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(s)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64ToUtf8(s: string): string {
  let binary: string;
  try {
    binary = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    throw new ExpressionFault('base64Decode(): the text is not valid base64');
  }
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** Parses text as a number the way n8n's toNumber() does: digits only, no trailing garbage. */
export function parseNumberStrict(s: string, method = 'toNumber'): number {
  const text = s.trim();
  const value = text === '' ? NaN : Number(text.replace(/,(?=\d{3}(\D|$))/g, ''));
  if (Number.isNaN(value)) throw new ExpressionFault(`${method}(): '${s}' cannot be converted to a number`);
  return value;
}

/** String methods: the native ones plus n8n's documented extensions. */
export const STRING_METHODS = methodTable({
  ...Object.fromEntries(NATIVE.map((name) => [name, native(name)])),
  repeat: (self: string, [count], ctx) => {
    const n = Number(count ?? 0);
    if (n < 0 || !Number.isFinite(n)) throw new RuntimeFault(`Invalid count value: ${String(count)}`);
    if (self.length * n > MAX_STRING_LENGTH) throw new ExpressionFault(`repeat(): the result would have ${self.length * n} characters; the limit is ${MAX_STRING_LENGTH}`);
    ctx.charge(1 + ((self.length * n) >> 6));
    return self.repeat(n);
  },
  padStart: (self: string, [len, fill], ctx) => {
    const n = paddedLength(len, 'padStart', ctx);
    return self.padStart(n, fill === undefined ? undefined : String(fill));
  },
  padEnd: (self: string, [len, fill], ctx) => {
    const n = paddedLength(len, 'padEnd', ctx);
    return self.padEnd(n, fill === undefined ? undefined : String(fill));
  },
  matchAll: (self: string, [re], ctx) => {
    if (!(re instanceof RegExp) || !re.global) throw new ExpressionFault('matchAll() needs a regular expression with the g flag, e.g. /\\d+/g');
    const all = [...self.matchAll(re)];
    ctx.charge(all.length);
    return all;
  },
  // n8n extensions.
  isEmpty: (self: string) => self.length === 0,
  isNotEmpty: (self: string) => self.length > 0,
  length: (self: string) => self.length,
  toNumber: (self: string) => parseNumberStrict(self),
  toInt: (self: string) => Math.trunc(parseNumberStrict(self, 'toInt')),
  toFloat: (self: string) => parseNumberStrict(self, 'toFloat'),
  toBoolean: (self: string) => !['', '0', 'false', 'no', 'f', 'n', 'off'].includes(self.trim().toLowerCase()),
  toDateTime: (self: string) => parseDateTimeValue(self, 'toDateTime'),
  toTitleCase: (self: string) => self.toLowerCase().replace(/(^|[\s\-_/([{"'])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase()),
  toSentenceCase: (self: string) => self.toLowerCase().replace(/(^\s*|[.!?]\s+)(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase()),
  toSnakeCase: (self: string) => words(self).map((w) => w.toLowerCase()).join('_'),
  toCamelCase: (self: string) => words(self).map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join(''),
  toKebabCase: (self: string) => words(self).map((w) => w.toLowerCase()).join('-'),
  capitalize: (self: string) => (self ? self[0]!.toUpperCase() + self.slice(1) : self),
  extractEmail: (self: string) => self.match(EMAIL)?.[0],
  extractUrl: (self: string) => self.match(URL_PATTERN)?.[0],
  extractDomain: (self: string) => {
    const email = self.match(/^[^\s@]+@([^\s@]+)$/);
    if (email) return email[1];
    try {
      return new URL(self.includes('://') ? self : `http://${self}`).hostname || undefined;
    } catch {
      return undefined;
    }
  },
  extractUrlPath: (self: string) => {
    try {
      return new URL(self).pathname;
    } catch {
      return undefined;
    }
  },
  isEmail: (self: string) => new RegExp(`^${EMAIL.source}$`).test(self),
  isUrl: (self: string) => new RegExp(`^${URL_PATTERN.source}$`, 'i').test(self),
  isDomain: (self: string) => DOMAIN.test(self),
  isNumeric: (self: string) => self.trim() !== '' && !Number.isNaN(Number(self)),
  removeTags: (self: string) => self.replace(/<[^>]*>/g, ''),
  removeMarkdown: (self: string) =>
    self
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/^\s{0,3}#{1,6}\s+/gm, '')
      .replace(/^\s*>\s?/gm, '')
      .replace(/^\s*[-*+]\s+/gm, '')
      .replace(/(\*\*|__)(.*?)\1/g, '$2')
      .replace(/(\*|_)(.*?)\1/g, '$2')
      .replace(/`{1,3}([^`]*)`{1,3}/g, '$1')
      .replace(/~~(.*?)~~/g, '$1'),
  replaceSpecialChars: (self: string) => self.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
  quote: (self: string, [mark]) => {
    const q = mark === undefined ? '"' : String(mark);
    return `${q}${self.replaceAll(q, `\\${q}`)}${q}`;
  },
  urlEncode: (self: string, [entireUrl]) => (entireUrl ? encodeURI(self) : encodeURIComponent(self)),
  urlDecode: (self: string, [entireUrl]) => (entireUrl ? decodeURI(self) : decodeURIComponent(self)),
  base64Encode: (self: string) => utf8ToBase64(self),
  base64Decode: (self: string) => base64ToUtf8(self),
  parseJson: (self: string) => {
    try {
      return JSON.parse(self) as unknown;
    } catch {
      throw new ExpressionFault('parseJson(): the text is not valid JSON');
    }
  },
  toJsonString: (self: string) => JSON.stringify(self),
});
