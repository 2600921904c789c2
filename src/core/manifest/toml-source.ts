import type { SourceNode } from './source-map';

/**
 * Records where each key and value of a TOML document sits. smol-toml parses the values but
 * keeps no positions, so this walks the text again — only for documents smol-toml accepted, and
 * only when a diagnostic needs a position. It never throws: odd input just yields fewer nodes.
 */
export function buildTomlTree(text: string): SourceNode {
  const n = text.length;
  let i = 0;
  const root: SourceNode = { start: 0, end: 0, children: new Map() };
  const arraysOfTables = new WeakSet<SourceNode>();
  let current = root;

  const isSpace = (c: string | undefined) => c === ' ' || c === '\t';
  const skipSpaces = () => {
    while (i < n && isSpace(text[i])) i++;
  };
  const skipComment = () => {
    if (text[i] === '#') while (i < n && text[i] !== '\n') i++;
  };
  /** Skips blank space, newlines and comments (inside arrays and between statements). */
  const skipAll = () => {
    for (;;) {
      const before = i;
      while (i < n && (isSpace(text[i]) || text[i] === '\n' || text[i] === '\r')) i++;
      skipComment();
      if (i === before) return;
    }
  };

  const child = (parent: SourceNode, key: string, start: number, end: number, keyStart: number, keyEnd: number): SourceNode => {
    parent.children ??= new Map();
    let node = parent.children.get(key);
    if (!node) {
      node = { start, end, keyStart, keyEnd, children: new Map() };
      parent.children.set(key, node);
    }
    return node;
  };
  const lastElement = (node: SourceNode): SourceNode => {
    if (!arraysOfTables.has(node) || !node.children?.size) return node;
    return node.children.get(String(node.children.size - 1)) ?? node;
  };

  type Segment = { key: string; start: number; end: number };
  const readKeyPart = (): Segment | undefined => {
    skipSpaces();
    const start = i;
    const q = text[i];
    if (q === '"' || q === "'") {
      i++;
      let key = '';
      while (i < n && text[i] !== q && text[i] !== '\n') {
        if (q === '"' && text[i] === '\\' && i + 1 < n) {
          key += unescapeChar(text, i);
          i += escapeLength(text, i);
          continue;
        }
        key += text[i++];
      }
      i++;
      return { key, start, end: i };
    }
    while (i < n && /[A-Za-z0-9_-]/.test(text[i]!)) i++;
    if (i === start) return undefined;
    return { key: text.slice(start, i), start, end: i };
  };
  const readKey = (): Segment[] => {
    const parts: Segment[] = [];
    for (;;) {
      const part = readKeyPart();
      if (!part) break;
      parts.push(part);
      skipSpaces();
      if (text[i] !== '.') break;
      i++;
    }
    return parts;
  };

  const readString = (): void => {
    const q = text[i]!;
    if (text.startsWith(q.repeat(3), i)) {
      i += 3;
      while (i < n && !text.startsWith(q.repeat(3), i)) i += q === '"' && text[i] === '\\' ? 2 : 1;
      i += 3;
      while (text[i] === q) i++; // up to two quotes may end the content
      return;
    }
    i++;
    while (i < n && text[i] !== q && text[i] !== '\n') i += q === '"' && text[i] === '\\' ? 2 : 1;
    i++;
  };

  const readValue = (): SourceNode => {
    skipSpaces();
    const start = i;
    const c = text[i];
    if (c === '"' || c === "'") {
      readString();
      return { start, end: Math.min(i, n) };
    }
    if (c === '[') {
      i++;
      const node: SourceNode = { start, end: start, children: new Map() };
      for (let index = 0; i < n; index++) {
        skipAll();
        if (text[i] === ']') break;
        const before = i;
        node.children!.set(String(index), readValue());
        skipAll();
        if (text[i] === ',') i++;
        else if (text[i] !== ']' && i === before) i++;
      }
      i++;
      node.end = Math.min(i, n);
      return node;
    }
    if (c === '{') {
      i++;
      const node: SourceNode = { start, end: start, children: new Map() };
      while (i < n) {
        skipSpaces();
        if (text[i] === '}') break;
        const before = i;
        assign(node, readKey());
        skipSpaces();
        if (text[i] === ',') i++;
        else if (text[i] !== '}' && i === before) i++;
      }
      i++;
      node.end = Math.min(i, n);
      return node;
    }
    while (i < n && !',]}#\r\n'.includes(text[i]!)) i++;
    let end = i;
    while (end > start && isSpace(text[end - 1])) end--;
    return { start, end };
  };

  /** Reads `= value` after a dotted key and hangs the value under `table`. */
  const assign = (table: SourceNode, key: Segment[]): void => {
    skipSpaces();
    if (text[i] !== '=' || key.length === 0) return;
    i++;
    const value = readValue();
    let parent = table;
    for (const part of key.slice(0, -1)) parent = child(parent, part.key, part.start, part.end, part.start, part.end);
    const last = key[key.length - 1]!;
    parent.children ??= new Map();
    parent.children.set(last.key, { ...value, keyStart: last.start, keyEnd: last.end });
  };

  const readHeader = (): void => {
    const start = i;
    const isArray = text.startsWith('[[', i);
    i += isArray ? 2 : 1;
    const key = readKey();
    skipSpaces();
    i += isArray ? 2 : 1;
    const end = Math.min(i, n);
    let node = root;
    key.forEach((part, index) => {
      const last = index === key.length - 1;
      const next = child(node, part.key, start, end, part.start, part.end);
      if (last && isArray) {
        arraysOfTables.add(next);
        const element: SourceNode = { start, end, children: new Map() };
        next.children!.set(String(next.children!.size), element);
        node = element;
      } else {
        node = last ? next : lastElement(next);
      }
    });
    current = node;
  };

  while (i < n) {
    skipAll();
    if (i >= n) break;
    const before = i;
    if (text[i] === '[') readHeader();
    else assign(current, readKey());
    // Whatever follows on the line (a comment, or something unexpected) is not a statement.
    while (i < n && text[i] !== '\n') i++;
    if (i === before) i++;
  }
  return root;
}

function escapeLength(text: string, at: number): number {
  const e = text[at + 1];
  if (e === 'u') return 6;
  if (e === 'U') return 10;
  return 2;
}

function unescapeChar(text: string, at: number): string {
  const e = text[at + 1]!;
  const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
  if (Object.hasOwn(simple, e)) return simple[e]!;
  if (e === 'u' || e === 'U') {
    const code = Number.parseInt(text.slice(at + 2, at + escapeLength(text, at)), 16);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  }
  return e;
}
