/**
 * The syntax tree of the expression language. Every node records `start`/`end`, offsets into the
 * code it was parsed from, so errors can point at the exact spot in the parameter string.
 */
export type Node =
  | Literal
  | RegexLiteral
  | Identifier
  | TemplateLiteral
  | ArrayLiteral
  | ObjectLiteral
  | Member
  | Call
  | New
  | Chain
  | Unary
  | Binary
  | Logical
  | Conditional
  | Arrow;

interface Span {
  start: number;
  end: number;
}

export interface Literal extends Span {
  type: 'Literal';
  value: string | number | boolean | null | undefined;
}

export interface RegexLiteral extends Span {
  type: 'Regex';
  pattern: string;
  flags: string;
}

export interface Identifier extends Span {
  type: 'Identifier';
  name: string;
}

export interface TemplateLiteral extends Span {
  type: 'Template';
  /** Cooked text parts; always one more than `expressions`. */
  quasis: string[];
  expressions: Node[];
}

export interface Spread extends Span {
  type: 'Spread';
  argument: Node;
}

export interface ArrayLiteral extends Span {
  type: 'Array';
  elements: Array<Node | Spread>;
}

export interface Property extends Span {
  type: 'Property';
  /** A plain key, or an expression for `[computed]` keys. */
  key: string | Node;
  value: Node;
}

export interface ObjectLiteral extends Span {
  type: 'Object';
  properties: Array<Property | Spread>;
}

export interface Member extends Span {
  type: 'Member';
  object: Node;
  /** A name for `a.b`, an expression for `a[b]`. */
  property: string | Node;
  optional: boolean;
  /** Set by the parser for `a.name` whose name is neither blocked nor special: a fast path for data. */
  plainKey?: boolean;
}

export interface Call extends Span {
  type: 'Call';
  callee: Node;
  args: Array<Node | Spread>;
  optional: boolean;
}

export interface New extends Span {
  type: 'New';
  callee: Node;
  args: Array<Node | Spread>;
}

/** The outermost link of a member/call chain that contains `?.`; short-circuits to undefined. */
export interface Chain extends Span {
  type: 'Chain';
  expression: Node;
}

export interface Unary extends Span {
  type: 'Unary';
  operator: '!' | '-' | '+' | '~' | 'typeof' | 'void';
  argument: Node;
}

export type BinaryOperator =
  | '+' | '-' | '*' | '/' | '%' | '**'
  | '==' | '!=' | '===' | '!==' | '<' | '>' | '<=' | '>='
  | '&' | '|' | '^' | '<<' | '>>' | '>>>' | 'in';

export interface Binary extends Span {
  type: 'Binary';
  operator: BinaryOperator;
  left: Node;
  right: Node;
}

export interface Logical extends Span {
  type: 'Logical';
  operator: '&&' | '||' | '??';
  left: Node;
  right: Node;
}

export interface Conditional extends Span {
  type: 'Conditional';
  test: Node;
  consequent: Node;
  alternate: Node;
}

/** Statements allowed in an arrow function's block body. */
export type Statement = ReturnStatement | ConstStatement | IfStatement | BlockStatement;

export interface ReturnStatement extends Span {
  type: 'Return';
  argument?: Node;
}

export interface ConstStatement extends Span {
  type: 'Const';
  name: string;
  init: Node;
}

export interface IfStatement extends Span {
  type: 'If';
  test: Node;
  consequent: Statement;
  alternate?: Statement;
}

export interface BlockStatement extends Span {
  type: 'Block';
  body: Statement[];
}

export interface Param {
  name: string;
  /** `(a = 1) => …` */
  default?: Node;
  /** `(...rest) => …` */
  rest?: boolean;
}

export interface Arrow extends Span {
  type: 'Arrow';
  params: Param[];
  body: Node | BlockStatement;
}
