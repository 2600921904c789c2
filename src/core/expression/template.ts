import { SyntaxFault, tokenize } from './tokenizer';

/** A piece of a parameter string: literal text, or the code of one `{{ … }}`. */
export type Chunk =
  | { kind: 'text'; text: string; start: number }
  /** `start`/`end` delimit the code between the braces, as offsets into the parameter string. */
  | { kind: 'code'; start: number; end: number };

/**
 * Splits the text of an expression parameter into text and `{{ … }}` chunks. `from` is where the
 * text starts in `src` (1 for a parameter string, skipping its leading `=`), so every offset is a
 * position in the parameter string. A `}}` inside a string, a template or a nested object literal
 * does not end the code; when the code cannot be scanned, the first `}}` ends it (as in n8n), and
 * the parser reports the problem.
 */
export function splitTemplate(src: string, from: number): Chunk[] {
  const chunks: Chunk[] = [];
  let i = from;
  while (i <= src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      if (i < src.length) chunks.push({ kind: 'text', text: src.slice(i), start: i });
      break;
    }
    if (open > i) chunks.push({ kind: 'text', text: src.slice(i, open), start: i });
    const codeStart = open + 2;
    let codeEnd: number;
    try {
      codeEnd = tokenize(src, codeStart, src.length, 'doubleBrace').end;
    } catch (e) {
      if (!(e instanceof SyntaxFault)) throw e;
      const close = src.indexOf('}}', codeStart);
      if (close < 0) throw new SyntaxFault('This {{ is never closed; add }}', open, open + 2);
      codeEnd = close;
    }
    chunks.push({ kind: 'code', start: codeStart, end: codeEnd });
    i = codeEnd + 2;
  }
  return chunks;
}
