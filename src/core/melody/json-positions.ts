import type { Position } from '../base/diagnostic';

/** A JSON syntax error at a 0-based offset. */
export interface JsonSyntaxError {
  offset: number;
  message: string;
}

/**
 * Maps field paths (`nodes[3].params.x`, as `formatPath` prints them) to where their values start
 * in a JSON text, and offsets to 1-based lines and columns. Built once per text, on demand, so
 * validation pays for it only when it has something to report.
 */
export class JsonPositions {
  private index: Map<string, number> | undefined;
  private lineStarts: number[] | undefined;

  constructor(readonly text: string) {}

  /** The first syntax error in the text, if any (JSON.parse messages carry no line or column). */
  syntaxError(): JsonSyntaxError | undefined {
    try {
      this.build();
      return undefined;
    } catch (e) {
      if (e instanceof ScanError) return { offset: e.offset, message: e.message };
      throw e;
    }
  }

  /** Where the value at `path` starts; for a missing field, where its nearest existing parent starts. */
  offsetOf(path: string): number {
    const index = this.build();
    let p = path;
    for (;;) {
      const found = index.get(p);
      if (found !== undefined) return found;
      if (!p) return 0;
      p = parentPath(p);
    }
  }

  /** 1-based line and column of `path` (see offsetOf). */
  positionOf(path: string): Position {
    return this.positionAt(this.offsetOf(path));
  }

  /** 1-based line and column of a 0-based offset. */
  positionAt(offset: number): Position {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  private build(): Map<string, number> {
    if (this.index) return this.index;
    const index = new Map<string, number>();
    new Scanner(this.text, index).document();
    this.index = index;
    return index;
  }
}

function parentPath(path: string): string {
  const dot = path.lastIndexOf('.');
  const bracket = path.lastIndexOf('[');
  const cut = Math.max(dot, bracket);
  return cut <= 0 ? '' : path.slice(0, cut);
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

class ScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 2000;

/** A strict JSON scanner that records the start offset of every value by its path. */
class Scanner {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly index: Map<string, number>,
  ) {}

  document(): void {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.value('', 0);
    this.ws();
    if (this.pos < this.text.length) this.fail('unexpected text after the JSON value');
  }

  private fail(message: string): never {
    throw new ScanError(message, this.pos);
  }

  private ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  private value(path: string, depth: number): void {
    if (depth > MAX_DEPTH) this.fail('JSON nested too deeply');
    this.ws();
    this.index.set(path, this.pos);
    const c = this.text[this.pos];
    if (c === '{') this.object(path, depth);
    else if (c === '[') this.array(path, depth);
    else if (c === '"') this.string();
    else if (c === 't') this.word('true');
    else if (c === 'f') this.word('false');
    else if (c === 'n') this.word('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else this.fail(c === undefined ? 'unexpected end of file: expected a value' : `unexpected character ${JSON.stringify(c)}: expected a value`);
  }

  private object(path: string, depth: number): void {
    this.pos++;
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail('expected a property name in double quotes');
      const start = this.pos;
      this.string();
      const key = JSON.parse(this.text.slice(start, this.pos)) as string;
      this.ws();
      if (this.text[this.pos] !== ':') this.fail('expected ":" after a property name');
      this.pos++;
      this.value(path ? `${path}.${key}` : key, depth + 1);
      this.ws();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return;
      }
      this.fail('expected "," or "}" in an object');
    }
  }

  private array(path: string, depth: number): void {
    this.pos++;
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (let i = 0; ; i++) {
      this.value(`${path}[${i}]`, depth + 1);
      this.ws();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return;
      }
      this.fail('expected "," or "]" in an array');
    }
  }

  private string(): void {
    const t = this.text;
    this.pos++;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 34) {
        this.pos++;
        return;
      }
      if (c === 92) {
        const e = t[this.pos + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 2, this.pos + 6))) this.fail('invalid \\u escape in a string');
          this.pos += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.pos += 2;
        else this.fail('invalid escape in a string');
        continue;
      }
      if (c < 32) this.fail('unescaped control character in a string');
      this.pos++;
    }
    this.fail('unterminated string');
  }

  private word(w: string): void {
    if (this.text.startsWith(w, this.pos)) this.pos += w.length;
    else this.fail(`unexpected token: expected ${w}`);
  }

  private number(): void {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.text);
    if (!found) this.fail('invalid number');
    this.pos += found[0].length;
  }
}
