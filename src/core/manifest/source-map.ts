/**
 * Where values sit in a manifest's text, so that a diagnostic about `security.permissions[2]`
 * can point at line 15, column 42. Each format builds the same tree of offsets; building it is
 * lazy because valid manifests never need it.
 */

/** A 1-based span in the text. */
export interface SourceSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Offsets of one value (and of its key, when it has one) in the text. */
export interface SourceNode {
  start: number;
  end: number;
  keyStart?: number;
  keyEnd?: number;
  /** Children by key, or by index written as a string. */
  children?: Map<string, SourceNode>;
}

/** The result of looking up a path: the span of the value (or of its key), and how much matched. */
export interface SourceLocation {
  value: SourceSpan;
  key?: SourceSpan;
  /** False when only an ancestor of the path exists in the text (e.g. a missing field). */
  exact: boolean;
}

/** Maps offsets to 1-based lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }

  span(start: number, end: number): SourceSpan {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
}

/** Finds the deepest node of `path` that exists in the tree. */
export function locateInTree(root: SourceNode, path: ReadonlyArray<string | number>, lines: LineIndex): SourceLocation {
  let node = root;
  let exact = true;
  for (const part of path) {
    const next = node.children?.get(String(part));
    if (!next) {
      exact = false;
      break;
    }
    node = next;
  }
  return {
    value: lines.span(node.start, node.end),
    ...(node.keyStart !== undefined ? { key: lines.span(node.keyStart, node.keyEnd ?? node.keyStart) } : {}),
    exact,
  };
}

/** A syntax error found while reading the text. */
export interface SyntaxProblem {
  message: string;
  line: number;
  column: number;
}
