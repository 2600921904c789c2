import type { TextProblem } from '../../protocol/board';

/**
 * Reading and writing the text of a `.melody` file without losing what the user wrote: unknown
 * fields and key order survive (we edit the parsed object in place), and the indentation, line
 * endings and final newline of the original are reused when the text is written back.
 * No 'vscode' here: the board's edit logic runs in plain Node tests.
 */

/** How a file is laid out, so a rewrite looks like the original. */
export interface TextStyle {
  indent: string;
  eol: '\n' | '\r\n';
  finalNewline: boolean;
}

/** The parsed document, or where it failed. */
export type ParsedMelodyText =
  | { ok: true; value: Record<string, unknown>; style: TextStyle }
  | { ok: false; problem: TextProblem };

/** Parses melody text; never throws. A JSON value that is not an object is a problem too. */
export function parseMelodyText(text: string): ParsedMelodyText {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: jsonProblem(text, e instanceof Error ? e.message : String(e)) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: { message: 'A melody file must hold one JSON object ({ "format": "melody/1", "nodes": [...] }).', line: 1, column: 1 } };
  }
  return { ok: true, value: value as Record<string, unknown>, style: detectStyle(text) };
}

/** Turns V8's "…at position N" / "(line L column C)" into a 1-based line and column. */
function jsonProblem(text: string, message: string): TextProblem {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { message: cleanMessage(message), line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const pos = /position (\d+)/.exec(message);
  if (pos) {
    const { line, column } = offsetToLineColumn(text, Number(pos[1]));
    return { message: cleanMessage(message), line, column };
  }
  if (/Unexpected end of JSON input/.test(message)) {
    const { line, column } = offsetToLineColumn(text, text.length);
    return { message: 'The JSON ends too early: a closing } or ] is missing.', line, column };
  }
  return { message, line: 1, column: 1 };
}

function cleanMessage(message: string): string {
  return message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
}

/** 1-based line and column of a 0-based offset. */
export function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The indentation of the first indented line (two spaces when the file has none yet). */
export function detectStyle(text: string): TextStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const match = /\n([ \t]+)\S/.exec(text);
  let indent = '  ';
  if (match) {
    const first = match[1];
    indent = first.startsWith('\t') ? '\t' : ' '.repeat(Math.min(first.length, 8));
  }
  return { indent, eol, finalNewline: text.length === 0 || /\r?\n$/.test(text) };
}

/** Serialises a value in the given style. */
export function serialize(value: unknown, style: TextStyle): string {
  let out = JSON.stringify(value, null, style.indent);
  if (style.eol === '\r\n') out = out.replace(/\n/g, '\r\n');
  return style.finalNewline ? out + style.eol : out;
}

/** One text replacement by 0-based offsets into the old text. */
export interface TextReplacement {
  start: number;
  end: number;
  text: string;
}

/**
 * The smallest single replacement that turns `before` into `after`: the common prefix and suffix
 * are kept, so an edit touches only the changed lines and VS Code keeps folding and cursors stable.
 */
export function minimalReplacement(before: string, after: string): TextReplacement | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Never split a CRLF pair or a surrogate pair.
  while (start > 0 && (isLowSurrogate(before.charCodeAt(start)) || (before[start] === '\n' && before[start - 1] === '\r'))) start--;
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Applies a replacement to a text (tests and the webview's optimistic view use it). */
export function applyReplacement(text: string, r: TextReplacement): string {
  return text.slice(0, r.start) + r.text + text.slice(r.end);
}
