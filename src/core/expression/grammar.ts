import type { Token } from './tokenizer';

/** The grammar's tables: operator precedence, limits and the words the language leaves out. */

/** Binary operator precedence, as in JavaScript (`??` shares `||`'s level). */
export const BINARY_PRECEDENCE: Record<string, number> = {
  '??': 1, '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5,
  '==': 6, '!=': 6, '===': 6, '!==': 6,
  '<': 7, '>': 7, '<=': 7, '>=': 7, in: 7, instanceof: 7,
  '<<': 8, '>>': 8, '>>>': 8,
  '+': 9, '-': 9,
  '*': 10, '/': 10, '%': 10,
  '**': 11,
};

/** Deepest nesting the parser accepts; deeper input could exhaust the host's stack. */
export const MAX_NESTING = 150;

/**
 * Names no expression may read or call, on any value: they lead from data to the host's
 * constructors (`x.constructor.constructor` is `Function`) or rewrite prototypes.
 */
export const BLOCKED_NAMES = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

/** Keywords the language does not have, with what to write instead. */
export const UNSUPPORTED_KEYWORDS: Record<string, string> = {
  function: 'function expressions are not supported; use an arrow function: (x) => x * 2',
  this: "'this' is not available in expressions; use $json for the current item",
  instanceof: "'instanceof' is not supported; use typeof or Array.isArray()",
  delete: "'delete' is not allowed: expressions cannot change data",
  class: 'classes are not supported in expressions',
  await: 'expressions are synchronous; await is not supported',
  async: 'expressions are synchronous; async is not supported',
};

/** How a token is named in messages. */
export function describe(token: Token): string {
  if (token.type === 'eof') return 'end of the expression';
  if (token.type === 'string') return 'a string';
  if (token.type === 'number') return `the number ${token.value}`;
  return `'${token.value}'`;
}
