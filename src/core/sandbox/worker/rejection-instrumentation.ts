// QuickJS as built for quickjs-emscripten offers no promise rejection tracker, so a strict guest's
// async function that throws with nobody awaiting it would fail silently. The strict engine
// therefore instruments guest modules before compiling them: every async function body reports
// what it throws (`pend`), and every catch clause reports what it caught (`deliver`); together
// with the bootstrap's `then` wrapper this tells which rejections nobody received. Only calls are
// added, on the lines they belong to, so stack traces keep their line numbers; guest code runs
// in QuickJS either way, so the added calls give the guest nothing it did not have.
import * as acorn from 'acorn';

/** The names the module wrapper binds for instrumented code (unlikely to clash with a guest's). */
export const PEND = '$symphonyPend';
export const DELIVER = '$symphonyDeliver';
const CAUGHT = '$symphonyCaught';

type Node = acorn.Node & Record<string, unknown>;

/** Inserts `text` at `at` (or replaces up to `end`). */
interface Edit {
  at: number;
  text: string;
  /** Closes what an enclosing edit opened: at one offset, inner closings come before outer ones. */
  close?: boolean;
  /** For a replacement: the end of the replaced range. */
  end?: number;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function visit(node: Node, fn: (n: Node) => void): void {
  fn(node);
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (Array.isArray(v)) for (const c of v) { if (isNode(c)) visit(c, fn); }
    else if (isNode(v)) visit(v, fn);
  }
}

const rethrow = `catch(${CAUGHT}){${PEND}(${CAUGHT});throw ${CAUGHT}}`;

function instrumentFunction(fn: Node, edits: Edit[]): void {
  const body = fn.body as Node;
  if (body.type !== 'BlockStatement') {
    // `async (x) => expr`: the expression becomes a block that returns it.
    edits.push({ at: body.start, text: '{try{return(' }, { at: body.end, text: `)}${rethrow}}`, close: true });
    return;
  }
  // A directive prologue ("use strict") must stay first in the body to keep its meaning.
  let at = body.start + 1;
  const statements = body.body as Node[];
  let first = 0;
  for (; first < statements.length; first++) {
    const stmt = statements[first]!;
    if (stmt.type !== 'ExpressionStatement' || typeof stmt.directive !== 'string') break;
    at = stmt.end;
  }
  if (first === statements.length) return; // nothing in the body can throw
  edits.push({ at, text: 'try{' }, { at: body.end - 1, text: `}${rethrow}`, close: true });
}

function instrumentCatch(clause: Node, source: string, edits: Edit[]): void {
  const param = clause.param as Node | null;
  const body = clause.body as Node;
  if (!param) {
    // `catch {`: give the clause a name to report what it caught.
    edits.push({ at: clause.start + 'catch'.length, text: `(${CAUGHT})` }, { at: body.start + 1, text: `${DELIVER}(${CAUGHT});` });
  } else if (param.type === 'Identifier') {
    edits.push({ at: body.start + 1, text: `${DELIVER}(${param.name as string});` });
  } else {
    // `catch ({ message })`: catch the value whole, then destructure it as the guest wrote.
    edits.push(
      { at: param.start, end: param.end, text: CAUGHT },
      { at: body.start + 1, text: `${DELIVER}(${CAUGHT});let ${source.slice(param.start, param.end)}=${CAUGHT};` },
    );
  }
}

/**
 * Returns the module source with async bodies and catch clauses instrumented, or the source
 * unchanged when it has no async function or does not parse (QuickJS then reports the syntax
 * error itself, with its own positions).
 */
export function instrumentRejections(source: string): string {
  if (!source.includes('async')) return source;
  let ast: Node;
  try {
    ast = acorn.parse(source, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowReturnOutsideFunction: true,
      allowHashBang: true,
      preserveParens: true,
    }) as unknown as Node;
  } catch {
    return source;
  }
  const edits: Edit[] = [];
  visit(ast, (n) => {
    if ((n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') && n.async && !n.generator) {
      instrumentFunction(n, edits);
    } else if (n.type === 'CatchClause') {
      instrumentCatch(n, source, edits);
    }
  });
  if (edits.length === 0) return source;
  // The walk visits outer nodes first. At one offset the inner closings go first, then the
  // openings outer first; the text is assembled from the end so earlier offsets stay valid.
  const rank = (e: Edit & { i: number }) => (e.close ? -e.i : e.i);
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.at - b.at || Number(!!b.close) - Number(!!a.close) || rank(a) - rank(b));
  let out = '';
  let from = 0;
  for (const e of ordered) {
    out += source.slice(from, e.at) + e.text;
    from = e.end ?? e.at;
  }
  return out + source.slice(from);
}
