import { checkRegexSafety, ExpressionFault } from './runtime';

/** A problem in the expression's text, found before anything runs. Offsets are into the code. */
export class SyntaxFault extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number = start + 1,
  ) {
    super(message);
    this.name = 'SyntaxFault';
  }
}

export type TokenType = 'number' | 'string' | 'template' | 'identifier' | 'keyword' | 'punct' | 'regex' | 'eof';

export interface Token {
  type: TokenType;
  /** Punctuator text, identifier name, keyword, or the cooked string. */
  value: string;
  start: number;
  end: number;
  number?: number;
  /** Template literals: cooked text parts and the tokens of each `${…}`. */
  quasis?: string[];
  parts?: Token[][];
  /** Regex literals. */
  pattern?: string;
  flags?: string;
}

const KEYWORDS = new Set([
  'true', 'false', 'null', 'typeof', 'void', 'new', 'in', 'return', 'const', 'let', 'var', 'if', 'else',
  'function', 'this', 'instanceof', 'delete', 'class', 'while', 'for', 'do', 'throw', 'try', 'await', 'async', 'yield',
]);

// Longest first, so `===` wins over `==` and `=`.
const PUNCTUATORS = [
  '>>>', '===', '!==', '**', '...', '?.', '??', '=>', '==', '!=', '<=', '>=', '&&', '||', '<<', '>>',
  '+', '-', '*', '/', '%', '<', '>', '!', '~', '&', '|', '^', '?', ':', '(', ')', '[', ']', '{', '}', ',', '.', ';', '=',
];

const ID_START_RE = /[\p{L}\p{Nl}$_]/u;
const ID_PART_RE = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$_\u200c\u200d]/u;

// ASCII first: the Unicode regexes are only consulted for other characters.
function isIdStart(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 36 || c === 95;
  return ID_START_RE.test(ch);
}

function isIdPart(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 36 || c === 95;
  return ID_PART_RE.test(ch);
}

const ID_START = { test: isIdStart };
const ID_PART = { test: isIdPart };

/** Punctuators by first character, longest first. */
const PUNCT_BY_CHAR = new Map<string, string[]>();

for (const p of PUNCTUATORS) {
  const list = PUNCT_BY_CHAR.get(p[0]!) ?? [];
  list.push(p);
  PUNCT_BY_CHAR.set(p[0]!, list);
}

function regexAllowedAfter(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.type === 'number' || prev.type === 'string' || prev.type === 'template' || prev.type === 'regex' || prev.type === 'identifier') return false;
  if (prev.type === 'keyword') return !['true', 'false', 'null', 'this'].includes(prev.value);
  return ![')', ']', '}'].includes(prev.value);
}

/**
 * Where scanning stops: at `to`; at a `}` that closes nothing (the end of a template's `${…}`);
 * or at a `}}` that closes nothing (the end of a parameter's `{{ … }}`).
 */
export type StopAt = 'end' | 'brace' | 'doubleBrace';

/** Splits expression code into tokens, from `from` up to `to` or the `stop` point. */
export function tokenize(src: string, from = 0, to = src.length, stop: StopAt = 'end'): { tokens: Token[]; end: number } {
  const stopAtBrace = stop !== 'end';
  const tokens: Token[] = [];
  let i = from;
  let depth = 0;
  while (i < to) {
    const ch = src[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u00a0' || ch === '\ufeff' || ch === '\v' || ch === '\f') {
      i++;
      continue;
    }
    if (ch === '/' && src[i + 1] === '/') {
      while (i < to && src[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      if (close < 0 || close + 2 > to) throw new SyntaxFault('This comment is never closed; add */', i, i + 2);
      i = close + 2;
      continue;
    }
    const start = i;
    if ((ch >= '0' && ch <= '9') || (ch === '.' && src[i + 1]! >= '0' && src[i + 1]! <= '9')) {
      const { value, end } = readNumber(src, i, to);
      tokens.push({ type: 'number', value: src.slice(start, end), number: value, start, end });
      i = end;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const { value, end } = readString(src, i, to);
      tokens.push({ type: 'string', value, start, end });
      i = end;
      continue;
    }
    if (ch === '`') {
      const token = readTemplate(src, i, to);
      tokens.push(token);
      i = token.end;
      continue;
    }
    if (ID_START.test(ch) || ch === '\\') {
      if (ch === '\\') throw new SyntaxFault('Escapes are not allowed in names', i);
      let j = i + 1;
      while (j < to && ID_PART.test(src[j]!)) j++;
      const name = src.slice(i, j);
      tokens.push({ type: KEYWORDS.has(name) ? 'keyword' : 'identifier', value: name, start, end: j });
      i = j;
      continue;
    }
    if (ch === '/' && regexAllowedAfter(tokens[tokens.length - 1])) {
      const token = readRegex(src, i, to);
      tokens.push(token);
      i = token.end;
      continue;
    }
    if (ch === '}' && stopAtBrace && depth === 0 && (stop === 'brace' || src[i + 1] === '}')) {
      return { tokens: [...tokens, { type: 'eof', value: '', start: i, end: i }], end: i };
    }
    const punct = PUNCT_BY_CHAR.get(ch)?.find((p) => src.startsWith(p, i));
    if (!punct) throw new SyntaxFault(`Unexpected character '${ch}'`, i);
    // `a?.5:1` is a conditional, not optional chaining.
    if (punct === '?.' && src[i + 2]! >= '0' && src[i + 2]! <= '9') {
      tokens.push({ type: 'punct', value: '?', start, end: i + 1 });
      i += 1;
      continue;
    }
    if (punct === '{') depth++;
    if (punct === '}') depth--;
    tokens.push({ type: 'punct', value: punct, start, end: i + punct.length });
    i += punct.length;
  }
  if (stop === 'brace') throw new SyntaxFault('This ${ is never closed; add }', from - 2, from);
  if (stop === 'doubleBrace') throw new SyntaxFault('This {{ is never closed; add }}', from - 2, from);
  tokens.push({ type: 'eof', value: '', start: to, end: to });
  return { tokens, end: to };
}

function readNumber(src: string, i: number, to: number): { value: number; end: number } {
  const start = i;
  const prefix = src.slice(i, i + 2).toLowerCase();
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') {
    const radix = prefix === '0x' ? 16 : prefix === '0o' ? 8 : 2;
    let j = i + 2;
    while (j < to && /[0-9a-fA-F_]/.test(src[j]!)) j++;
    const digits = src.slice(i + 2, j).replace(/_/g, '');
    const value = parseInt(digits, radix);
    if (!digits || Number.isNaN(value)) throw new SyntaxFault(`'${src.slice(start, j)}' is not a valid number`, start, j);
    return { value, end: j };
  }
  let j = i;
  while (j < to && /[0-9_]/.test(src[j]!)) j++;
  if (src[j] === '.') {
    j++;
    while (j < to && /[0-9_]/.test(src[j]!)) j++;
  }
  if (src[j] === 'e' || src[j] === 'E') {
    let k = j + 1;
    if (src[k] === '+' || src[k] === '-') k++;
    if (/[0-9]/.test(src[k] ?? '')) {
      j = k;
      while (j < to && /[0-9_]/.test(src[j]!)) j++;
    }
  }
  if (j < to && ID_START.test(src[j]!)) {
    throw new SyntaxFault(src[j] === 'n' ? 'BigInt literals are not supported' : `Unexpected '${src[j]}' after a number`, j);
  }
  return { value: Number(src.slice(start, j).replace(/_/g, '')), end: j };
}

function readEscape(src: string, i: number): { text: string; end: number } {
  // `i` points at the character after the backslash.
  const c = src[i];
  switch (c) {
    case 'n': return { text: '\n', end: i + 1 };
    case 't': return { text: '\t', end: i + 1 };
    case 'r': return { text: '\r', end: i + 1 };
    case 'b': return { text: '\b', end: i + 1 };
    case 'f': return { text: '\f', end: i + 1 };
    case 'v': return { text: '\v', end: i + 1 };
    case '0':
      if (!/[0-9]/.test(src[i + 1] ?? '')) return { text: '\0', end: i + 1 };
      throw new SyntaxFault('Octal escapes are not allowed; use \\x or \\u', i - 1, i + 2);
    case 'x': {
      const hex = src.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new SyntaxFault('\\x needs two hex digits', i - 1, i + 3);
      return { text: String.fromCharCode(parseInt(hex, 16)), end: i + 3 };
    }
    case 'u': {
      if (src[i + 1] === '{') {
        const close = src.indexOf('}', i + 2);
        const hex = close > 0 ? src.slice(i + 2, close) : '';
        const code = parseInt(hex, 16);
        if (!/^[0-9a-fA-F]{1,6}$/.test(hex) || code > 0x10ffff) throw new SyntaxFault('Invalid \\u{…} escape', i - 1, close + 1);
        return { text: String.fromCodePoint(code), end: close + 1 };
      }
      const hex = src.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SyntaxFault('\\u needs four hex digits', i - 1, i + 5);
      return { text: String.fromCharCode(parseInt(hex, 16)), end: i + 5 };
    }
    case '\r':
      return { text: '', end: src[i + 1] === '\n' ? i + 2 : i + 1 };
    case '\n':
    case '\u2028':
    case '\u2029':
      return { text: '', end: i + 1 };
    default:
      return { text: c ?? '', end: i + 1 };
  }
}

function readString(src: string, i: number, to: number): { value: string; end: number } {
  const quote = src[i]!;
  let out = '';
  let j = i + 1;
  while (j < to) {
    const c = src[j]!;
    if (c === quote) return { value: out, end: j + 1 };
    if (c === '\\') {
      const esc = readEscape(src, j + 1);
      out += esc.text;
      j = esc.end;
      continue;
    }
    if (c === '\n' || c === '\r') break;
    out += c;
    j++;
  }
  throw new SyntaxFault(`This string is never closed; add ${quote}`, i, j);
}

function readTemplate(src: string, i: number, to: number): Token {
  const quasis: string[] = [];
  const parts: Token[][] = [];
  let text = '';
  let j = i + 1;
  while (j < to) {
    const c = src[j]!;
    if (c === '`') {
      quasis.push(text);
      return { type: 'template', value: '', start: i, end: j + 1, quasis, parts };
    }
    if (c === '\\') {
      const esc = readEscape(src, j + 1);
      text += esc.text;
      j = esc.end;
      continue;
    }
    if (c === '$' && src[j + 1] === '{') {
      quasis.push(text);
      text = '';
      const inner = tokenize(src, j + 2, to, 'brace');
      parts.push(inner.tokens);
      j = inner.end + 1;
      continue;
    }
    text += c;
    j++;
  }
  throw new SyntaxFault('This template string is never closed; add `', i, j);
}

function readRegex(src: string, i: number, to: number): Token {
  let j = i + 1;
  let inClass = false;
  while (j < to) {
    const c = src[j]!;
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === '\n') break;
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      const pattern = src.slice(i + 1, j);
      let k = j + 1;
      while (k < to && /[a-z]/i.test(src[k]!)) k++;
      const flags = src.slice(j + 1, k);
      try {
        new RegExp(pattern, flags);
        checkRegexSafety(pattern);
      } catch (e) {
        throw new SyntaxFault(e instanceof ExpressionFault ? e.message : `Invalid regular expression: ${(e as Error).message}`, i, k);
      }
      return { type: 'regex', value: src.slice(i, k), start: i, end: k, pattern, flags };
    }
    j++;
  }
  throw new SyntaxFault('This regular expression is never closed; add /', i, j);
}
