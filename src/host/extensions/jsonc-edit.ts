// Minimal edits of the user's JSON-with-comments files (settings.json, keybindings.json): find the
// top-level value, then replace or insert text so that comments and formatting elsewhere stay as
// the user wrote them. Pure (no `vscode`); the host turns an edit into one WorkspaceEdit.

/** Replace `length` characters at `offset` with `text`. */
export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

interface Member {
  /** Property name (objects only). */
  key?: string;
  /** Where the member starts (its name in an object, its value in an array). */
  start: number;
  valueStart: number;
  valueEnd: number;
}

interface TopLevel {
  kind: 'object' | 'array';
  open: number;
  close: number;
  members: Member[];
}

/** Skips whitespace and comments from `i`; returns the next significant offset. */
function skip(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else return i;
  }
}

function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  throw new Error('unterminated string');
}

/** End offset of the value starting at `i` (strings, nested containers, literals). */
function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j = skip(text, j)) {
      const ch = text[j]!;
      if (ch === '"') {
        j = stringEnd(text, j);
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    throw new Error('unclosed bracket');
  }
  let j = i;
  while (j < text.length && !/[\s,\]}/]/.test(text[j]!)) j++;
  if (j === i) throw new Error(`unexpected "${c ?? 'end of file'}"`);
  return j;
}

/** The top-level object or array with its members, or an error message when the text is not one. */
function scan(text: string): TopLevel | { error: string } {
  try {
    const open = skip(text, 0);
    const c = text[open];
    if (c !== '{' && c !== '[') return { error: open >= text.length ? 'the file is empty' : `expected { or [ at offset ${open}` };
    const kind = c === '{' ? 'object' : 'array';
    const closer = kind === 'object' ? '}' : ']';
    const members: Member[] = [];
    let i = skip(text, open + 1);
    while (text[i] !== closer) {
      if (i >= text.length) return { error: `missing ${closer}` };
      let key: string | undefined;
      const start = i;
      if (kind === 'object') {
        if (text[i] !== '"') return { error: `expected a property name at offset ${i}` };
        const end = stringEnd(text, i);
        key = JSON.parse(text.slice(i, end)) as string;
        i = skip(text, end);
        if (text[i] !== ':') return { error: `expected : after "${key}"` };
        i = skip(text, i + 1);
      }
      const end = valueEnd(text, i);
      members.push({ key, start, valueStart: i, valueEnd: end });
      i = skip(text, end);
      if (text[i] === ',') i = skip(text, i + 1);
      else if (text[i] !== closer) return { error: `expected , or ${closer} at offset ${i}` };
    }
    return { kind, open, close: i, members };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The indentation of the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

function indentJson(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).split('\n').join(`\n${indent}`);
}

/** Inserts `entries` (already formatted) as new last members of the container. */
function appendMembers(text: string, top: TopLevel, entries: string[], indent: string): TextEdit {
  const last = top.members[top.members.length - 1];
  const closingIndent = indentAt(text, top.close);
  if (!last) {
    return { offset: top.open + 1, length: top.close - (top.open + 1), text: `\n${entries.map((e) => indent + e).join(',\n')}\n${closingIndent}` };
  }
  // After the last member (keeping a trailing comma or comment the user wrote after it).
  return { offset: last.valueEnd, length: 0, text: entries.map((e) => `,\n${indent}${e}`).join('') };
}

/**
 * Sets a top-level property of a JSON object file: replaces its value where it exists, else adds
 * it at the end. `undefined` removes nothing and is refused: use `removeProperty`.
 */
export function setTopLevelProperty(text: string, key: string, value: unknown): TextEdit | { error: string } {
  if (text.trim() === '') return { offset: 0, length: text.length, text: `{\n  ${JSON.stringify(key)}: ${indentJson(value, '  ')}\n}\n` };
  const top = scan(text);
  if ('error' in top) return top;
  if (top.kind !== 'object') return { error: 'the file does not hold a JSON object' };
  const existing = [...top.members].reverse().find((m) => m.key === key);
  const indent = top.members[0] ? indentAt(text, top.members[0].valueStart) || '  ' : '  ';
  if (existing) return { offset: existing.valueStart, length: existing.valueEnd - existing.valueStart, text: indentJson(value, indentAt(text, existing.valueStart)) };
  return appendMembers(text, top, [`${JSON.stringify(key)}: ${indentJson(value, indent)}`], indent);
}

/** Removes a top-level property of a JSON object file; undefined when it is not there. */
export function removeTopLevelProperty(text: string, key: string): TextEdit | undefined | { error: string } {
  if (text.trim() === '') return undefined;
  const top = scan(text);
  if ('error' in top) return top;
  const i = top.members.findIndex((m) => m.key === key);
  if (i < 0) return undefined;
  const member = top.members[i]!;
  const prev = top.members[i - 1];
  const next = top.members[i + 1];
  // With the comma that separated it: the one before it, or (for the first member) the one after.
  if (prev) return { offset: prev.valueEnd, length: member.valueEnd - prev.valueEnd, text: '' };
  if (next) return { offset: member.start, length: next.start - member.start, text: '' };
  return { offset: top.open + 1, length: top.close - top.open - 1, text: '' };
}

/** Appends values to a file holding a top-level JSON array (keybindings.json). */
export function appendToTopLevelArray(text: string, values: readonly unknown[]): TextEdit | { error: string } {
  if (text.trim() === '') return { offset: 0, length: text.length, text: `[\n${values.map((v) => `  ${indentJson(v, '  ')}`).join(',\n')}\n]\n` };
  const top = scan(text);
  if ('error' in top) return top;
  if (top.kind !== 'array') return { error: 'the file does not hold a JSON array' };
  const indent = top.members[0] ? indentAt(text, top.members[0].valueStart) || '  ' : indentAt(text, top.close) + '  ';
  return appendMembers(text, top, values.map((v) => indentJson(v, indent)), indent);
}

/** Parses JSON with comments and trailing commas; undefined when it cannot. */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '"') {
      const end = (() => {
        try {
          return stringEnd(text, i);
        } catch {
          return text.length;
        }
      })();
      out += text.slice(i, end);
      i = end;
    } else if (text.startsWith('//', i) || text.startsWith('/*', i)) {
      const next = skip(text, i);
      out += ' ';
      i = next;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return JSON.parse(out.replace(/,(\s*[\]}])/g, '$1'));
  } catch {
    return undefined;
  }
}

/** Applies an edit to a string (tests, and reading back what an edit would produce). */
export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.offset) + edit.text + text.slice(edit.offset + edit.length);
}
