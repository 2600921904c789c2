import { closest, type Diagnostic } from '../base/diagnostic';
import type * as A from './ast';
import { GLOBALS } from './globals';
import { BLOCKED_NAMES } from './grammar';
import { parseCode } from './parser';
import { isCallable, isPlainObject, isStackOverflow, STACK_MESSAGE, staticMember } from './runtime';
import { splitTemplate } from './template';
import { SyntaxFault } from './tokenizer';
import { knownMethodNames } from './value-access';
import { knownVariableNames } from './workflow-variables';

/** A diagnostic about an expression, with 0-based offsets into the text it was found in. */
export interface ExpressionDiagnostic extends Diagnostic {
  start: number;
  end: number;
}

/** What `parseExpression` found: the `{{ }}` parts and the problems, if any. */
export interface ParsedExpression {
  /** True when the text is an expression (starts with `=`) or `code` was asked for. */
  isExpression: boolean;
  /** The code parts, as offsets into the text. */
  parts: Array<{ start: number; end: number }>;
  diagnostics: ExpressionDiagnostic[];
}

const HOST_MEMBERS = [
  'all', 'first', 'last', 'item', 'itemMatching', 'pairedItem', 'isExecuted', 'toISO', 'toISODate', 'toISOTime', 'toMillis',
  'toSeconds', 'toUnixInteger', 'toJSDate', 'toFormat', 'format', 'plus', 'minus', 'startOf', 'endOf', 'beginningOf',
  'endOfMonth', 'set', 'diff', 'diffTo', 'equals', 'hasSame', 'isBetween', 'isWeekend', 'extract', 'toUTC', 'toLocal', 'setZone',
];

function staticNames(): string[] {
  const names: string[] = [];
  for (const value of Object.values(GLOBALS)) {
    if (isPlainObject(value)) names.push(...Object.keys(value));
  }
  for (const name of ['Object', 'Array', 'Number', 'String', 'Date', 'DateTime']) {
    const fn = GLOBALS[name];
    if (isCallable(fn)) {
      for (const candidate of ['keys', 'values', 'entries', 'assign', 'fromEntries', 'hasOwn', 'is', 'isArray', 'of', 'from', 'isInteger', 'isFinite', 'isNaN', 'isSafeInteger', 'parseFloat', 'parseInt', 'fromCharCode', 'fromCodePoint', 'now', 'parse', 'UTC', 'local', 'utc', 'fromISO', 'fromSQL', 'fromHTTP', 'fromRFC2822', 'fromMillis', 'fromSeconds', 'fromJSDate', 'fromObject', 'isDateTime']) {
        if (staticMember(fn, candidate) !== undefined) names.push(candidate);
      }
    }
  }
  return names;
}

let methodNames: Set<string> | undefined;
function allMethodNames(): Set<string> {
  return (methodNames ??= new Set([...knownMethodNames(), ...HOST_MEMBERS, ...staticNames()]));
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function diagnostic(text: string, severity: Diagnostic['severity'], code: string, message: string, start: number, end: number, fix?: string): ExpressionDiagnostic {
  const from = lineColumn(text, start);
  const to = lineColumn(text, end);
  return { severity, code, message, line: from.line, column: from.column, range: { start: from, end: to }, start, end, source: 'expression', ...(fix ? { fix } : {}) };
}

/** Walks a tree, reporting unknown names, blocked members and unknown methods. */
function check(node: A.Node, text: string, bound: Set<string>, known: Set<string>, out: ExpressionDiagnostic[]): void {
  const visit = (n: A.Node | A.Spread | A.Property | undefined, names: Set<string>): void => {
    if (!n) return;
    switch (n.type) {
      case 'Identifier':
        if (!names.has(n.name) && !known.has(n.name)) {
          const guess = n.name.length > 2 ? closest(n.name, [...known, ...names]) : undefined;
          out.push(diagnostic(text, 'error', 'UnknownVariable', `'${n.name}' is not defined`, n.start, n.end, guess ? `did you mean '${guess}'?` : undefined));
        }
        return;
      case 'Member':
        visit(n.object, names);
        if (typeof n.property === 'string') {
          if (BLOCKED_NAMES.has(n.property)) out.push(diagnostic(text, 'error', 'BlockedAccess', `access to '${n.property}' is not allowed in expressions`, n.end - n.property.length, n.end));
        } else visit(n.property, names);
        return;
      case 'Call':
        if (n.callee.type === 'Member' && typeof n.callee.property === 'string' && !BLOCKED_NAMES.has(n.callee.property) && !allMethodNames().has(n.callee.property)) {
          const p = n.callee.property;
          const guess = closest(p, allMethodNames());
          out.push(diagnostic(text, 'warning', 'UnknownMethod', `no built-in value has a method '${p}'`, n.callee.end - p.length, n.callee.end, guess ? `did you mean '${guess}'?` : undefined));
        }
        visit(n.callee, names);
        n.args.forEach((a) => visit(a, names));
        return;
      case 'New':
        visit(n.callee, names);
        n.args.forEach((a) => visit(a, names));
        return;
      case 'Chain': return visit(n.expression, names);
      case 'Spread': return visit(n.argument, names);
      case 'Property':
        if (typeof n.key !== 'string') visit(n.key, names);
        return visit(n.value, names);
      case 'Unary': return visit(n.argument, names);
      case 'Binary':
      case 'Logical':
        visit(n.left, names);
        return visit(n.right, names);
      case 'Conditional':
        visit(n.test, names);
        visit(n.consequent, names);
        return visit(n.alternate, names);
      case 'Template': return n.expressions.forEach((e) => visit(e, names));
      case 'Array': return n.elements.forEach((e) => visit(e, names));
      case 'Object': return n.properties.forEach((p) => visit(p, names));
      case 'Arrow': {
        const inner = new Set([...names, ...n.params.map((p) => p.name)]);
        n.params.forEach((p) => visit(p.default, inner));
        if (n.body.type === 'Block') visitBlock(n.body, inner);
        else visit(n.body, inner);
        return;
      }
      default:
        return;
    }
  };
  const visitBlock = (block: A.Statement, names: Set<string>): void => {
    switch (block.type) {
      case 'Block': {
        const inner = new Set(names);
        for (const s of block.body) {
          if (s.type === 'Const') inner.add(s.name);
        }
        block.body.forEach((s) => visitBlock(s, inner));
        return;
      }
      case 'Const': return visit(block.init, names);
      case 'Return': return visit(block.argument, names);
      case 'If':
        visit(block.test, names);
        visitBlock(block.consequent, names);
        if (block.alternate) visitBlock(block.alternate, names);
        return;
    }
  };
  visit(node, bound);
}

/**
 * Checks an expression without running it, for inline validation on the board. `text` is a
 * parameter string: when it starts with `=`, its `{{ }}` parts are parsed; with `{ code: true }`
 * it is the code of a single `{{ }}`. Offsets and line/column point into `text`.
 */
export function parseExpression(text: string, options: { code?: boolean; variables?: string[] } = {}): ParsedExpression {
  const known = new Set([...knownVariableNames(), ...(options.variables ?? [])]);
  const diagnostics: ExpressionDiagnostic[] = [];
  const isCode = options.code === true;
  if (!isCode && !text.startsWith('=')) return { isExpression: false, parts: [], diagnostics };
  let parts: Array<{ start: number; end: number }> = [];
  try {
    parts = isCode ? [{ start: 0, end: text.length }] : splitTemplate(text, 1).flatMap((c) => (c.kind === 'code' ? [{ start: c.start, end: c.end }] : []));
  } catch (e) {
    if (!(e instanceof SyntaxFault)) throw e;
    diagnostics.push(diagnostic(text, 'error', 'ExpressionSyntax', e.message, e.start, e.end));
    return { isExpression: true, parts, diagnostics };
  }
  for (const part of parts) {
    if (text.slice(part.start, part.end).trim() === '') {
      diagnostics.push(diagnostic(text, 'warning', 'EmptyExpression', 'this {{ }} is empty and produces nothing', Math.max(0, part.start - 2), part.end + 2));
      continue;
    }
    try {
      check(parseCode(text, part.start, part.end), text, new Set(), known, diagnostics);
    } catch (e) {
      const fault = isStackOverflow(e) ? new SyntaxFault(STACK_MESSAGE, part.start, part.end) : e;
      if (!(fault instanceof SyntaxFault)) throw e;
      diagnostics.push(diagnostic(text, 'error', 'ExpressionSyntax', fault.message, fault.start, fault.end));
    }
  }
  return { isExpression: true, parts, diagnostics };
}
