import type * as A from './ast';
import { BINARY_PRECEDENCE, describe, MAX_NESTING, BLOCKED_NAMES, UNSUPPORTED_KEYWORDS } from './grammar';
import { SyntaxFault, tokenize, type Token } from './tokenizer';

/** Parses the code of one `{{ … }}` (or a template's `${…}`) into a tree. Throws SyntaxFault. */
export function parseCode(src: string, from = 0, to = src.length): A.Node {
  const { tokens } = tokenize(src, from, to);
  const parser = new Parser(tokens, src);
  if (parser.peek().type === 'eof') throw new SyntaxFault('The expression is empty; write a value between {{ and }}', Math.max(0, from - 2), to + 2);
  const node = parser.expression();
  if (parser.peek().value === ';' && parser.peek().type === 'punct') parser.next();
  parser.expectEnd();
  return node;
}

class Parser {
  private pos = 0;
  /** Nodes written inside parentheses (so `(-2) ** 2` is accepted). */
  private readonly parenthesized = new WeakSet<A.Node>();
  /** Nesting depth, bounded so a pathological expression cannot overflow the host's stack. */
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly src: string,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private is(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return (t.type === 'punct' || t.type === 'keyword') && t.value === value;
  }

  private eat(value: string): boolean {
    if (this.is(value)) {
      this.next();
      return true;
    }
    return false;
  }

  private expect(value: string, context: string): Token {
    const t = this.peek();
    if (!this.is(value)) throw new SyntaxFault(`Expected '${value}' ${context} but found ${describe(t)}`, t.start, Math.max(t.end, t.start + 1));
    return this.next();
  }

  private unexpected(t: Token): never {
    if (t.type === 'keyword' && UNSUPPORTED_KEYWORDS[t.value]) throw new SyntaxFault(UNSUPPORTED_KEYWORDS[t.value]!, t.start, t.end);
    if (t.type === 'punct' && t.value === '=') {
      throw new SyntaxFault('Assignments are not allowed in expressions; to compare, use === (or ==)', t.start, t.end);
    }
    if (t.type === 'punct' && t.value === ',') {
      throw new SyntaxFault('Unexpected \',\': an expression is a single value (the comma operator is not supported)', t.start, t.end);
    }
    throw new SyntaxFault(`Unexpected ${describe(t)}`, t.start, Math.max(t.end, t.start + 1));
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.type !== 'eof') this.unexpected(t);
  }

  /** Assignment-level expression: arrow functions and the conditional operator. */
  expression(): A.Node {
    if (++this.depth > MAX_NESTING) {
      const t = this.peek();
      throw new SyntaxFault(`The expression nests more than ${MAX_NESTING} levels deep; split it up`, t.start, Math.max(t.end, t.start + 1));
    }
    try {
      return this.assignmentLevel();
    } finally {
      this.depth--;
    }
  }

  private assignmentLevel(): A.Node {
    const arrow = this.tryArrow();
    if (arrow) return arrow;
    const test = this.binary(1);
    if (this.is('?')) {
      this.next();
      const consequent = this.expression();
      this.expect(':', 'in a conditional (a ? b : c)');
      const alternate = this.expression();
      return { type: 'Conditional', test, consequent, alternate, start: test.start, end: alternate.end };
    }
    if (this.is('=') || this.is('=>')) this.unexpected(this.peek());
    return test;
  }

  private tryArrow(): A.Arrow | undefined {
    const t = this.peek();
    if (t.type === 'identifier' && this.is('=>', 1)) {
      this.next();
      this.next();
      return this.arrowBody(t.start, [{ name: t.value }]);
    }
    if (!this.is('(')) return undefined;
    // Find the matching ')' and check for '=>' after it.
    let depth = 0;
    let k = this.pos;
    for (; k < this.tokens.length; k++) {
      const tok = this.tokens[k]!;
      if (tok.type !== 'punct') continue;
      if (tok.value === '(' || tok.value === '[' || tok.value === '{') depth++;
      else if (tok.value === ')' || tok.value === ']' || tok.value === '}') {
        depth--;
        if (depth === 0) break;
      }
    }
    const after = this.tokens[k + 1];
    if (!after || after.type !== 'punct' || after.value !== '=>') return undefined;
    this.next();
    const params: A.Param[] = [];
    while (!this.is(')')) {
      const rest = this.eat('...');
      const name = this.next();
      if (name.type !== 'identifier') {
        if (name.value === '{' || name.value === '[') throw new SyntaxFault('Destructuring parameters are not supported; take the whole value and use .field', name.start, name.end);
        this.unexpected(name);
      }
      const param: A.Param = { name: name.value };
      if (rest) param.rest = true;
      if (!rest && this.eat('=')) param.default = this.expression();
      params.push(param);
      if (rest && !this.is(')')) throw new SyntaxFault('A rest parameter must be last', name.start, name.end);
      if (!this.is(')')) this.expect(',', 'between parameters');
    }
    this.next();
    this.expect('=>', 'after the parameters');
    return this.arrowBody(t.start, params);
  }

  private arrowBody(start: number, params: A.Param[]): A.Arrow {
    const seen = new Set<string>();
    for (const p of params) {
      if (seen.has(p.name)) throw new SyntaxFault(`Duplicate parameter name '${p.name}'`, start);
      seen.add(p.name);
    }
    if (this.is('{')) {
      const body = this.block();
      return { type: 'Arrow', params, body, start, end: body.end };
    }
    const body = this.expression();
    return { type: 'Arrow', params, body, start, end: body.end };
  }

  private block(): A.BlockStatement {
    const open = this.expect('{', 'to start a block');
    const body: A.Statement[] = [];
    while (!this.is('}')) {
      if (this.peek().type === 'eof') throw new SyntaxFault("This block is never closed; add '}'", open.start, open.end);
      if (this.eat(';')) continue;
      body.push(this.statement());
    }
    const close = this.next();
    return { type: 'Block', body, start: open.start, end: close.end };
  }

  private statement(): A.Statement {
    const t = this.peek();
    if (this.is('{')) return this.block();
    if (this.is('return')) {
      this.next();
      if (this.is(';') || this.is('}')) {
        this.eat(';');
        return { type: 'Return', start: t.start, end: t.end };
      }
      const argument = this.expression();
      this.eat(';');
      return { type: 'Return', argument, start: t.start, end: argument.end };
    }
    if (this.is('const') || this.is('let') || this.is('var')) {
      this.next();
      const name = this.next();
      if (name.type !== 'identifier') {
        if (name.value === '{' || name.value === '[') throw new SyntaxFault('Destructuring is not supported; declare one name per const', name.start, name.end);
        this.unexpected(name);
      }
      this.expect('=', `after 'const ${name.value}' (a declaration needs a value)`);
      const init = this.expression();
      if (this.is(',')) throw new SyntaxFault('Declare one name per const', this.peek().start);
      this.eat(';');
      return { type: 'Const', name: name.value, init, start: t.start, end: init.end };
    }
    if (this.is('if')) {
      this.next();
      this.expect('(', "after 'if'");
      const test = this.expression();
      this.expect(')', 'after the if condition');
      const consequent = this.statement();
      let alternate: A.Statement | undefined;
      if (this.eat('else')) alternate = this.statement();
      return { type: 'If', test, consequent, alternate, start: t.start, end: (alternate ?? consequent).end };
    }
    throw new SyntaxFault("Only 'const', 'if' and 'return' are allowed in a function body", t.start, Math.max(t.end, t.start + 1));
  }

  private binary(minPrecedence: number): A.Node {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.type !== 'punct' && !(t.type === 'keyword' && (t.value === 'in' || t.value === 'instanceof'))) return left;
      const precedence = BINARY_PRECEDENCE[t.value];
      if (precedence === undefined || precedence < minPrecedence) return left;
      if (t.value === 'instanceof') this.unexpected(t);
      this.next();
      if (t.value === '**' && left.type === 'Unary' && !this.parenthesized.has(left)) {
        throw new SyntaxFault('Wrap the unary expression in parentheses before ** (e.g. (-2) ** 2)', left.start, t.end);
      }
      // ** is right-associative: its right side is parsed at the same level.
      const right = this.binary(t.value === '**' ? precedence : precedence + 1);
      if (t.value === '&&' || t.value === '||' || t.value === '??') {
        left = { type: 'Logical', operator: t.value, left, right, start: left.start, end: right.end };
      } else {
        left = { type: 'Binary', operator: t.value as A.BinaryOperator, left, right, start: left.start, end: right.end };
      }
    }
  }

  private unary(): A.Node {
    const t = this.peek();
    if ((t.type === 'punct' && ['!', '-', '+', '~'].includes(t.value)) || (t.type === 'keyword' && (t.value === 'typeof' || t.value === 'void'))) {
      this.next();
      if ((t.value === '+' || t.value === '-') && this.is(t.value) && this.peek().start === t.end) {
        throw new SyntaxFault(`'${t.value}${t.value}' is not allowed: expressions cannot change data`, t.start, t.end + 1);
      }
      const argument = this.unary();
      return { type: 'Unary', operator: t.value as A.Unary['operator'], argument, start: t.start, end: argument.end };
    }
    if (t.type === 'keyword' && t.value === 'delete') this.unexpected(t);
    return this.postfix();
  }

  private postfix(): A.Node {
    let node: A.Node;
    const t = this.peek();
    if (t.type === 'keyword' && t.value === 'new') {
      this.next();
      let callee: A.Node = this.primary();
      while (this.is('.')) {
        this.next();
        const name = this.propertyName();
        callee = { type: 'Member', object: callee, property: name.value, optional: false, start: callee.start, end: name.end };
      }
      const args = this.is('(') ? this.args() : { list: [], end: callee.end };
      node = { type: 'New', callee, args: args.list, start: t.start, end: args.end };
    } else {
      node = this.primary();
    }
    let optionalChain = false;
    for (;;) {
      if (this.is('.')) {
        this.next();
        const name = this.propertyName();
        node = { type: 'Member', object: node, property: name.value, optional: false, start: node.start, end: name.end, plainKey: !BLOCKED_NAMES.has(name.value) };
      } else if (this.is('?.')) {
        this.next();
        optionalChain = true;
        if (this.is('(')) {
          const args = this.args();
          node = { type: 'Call', callee: node, args: args.list, optional: true, start: node.start, end: args.end };
        } else if (this.is('[')) {
          this.next();
          const property = this.expression();
          const close = this.expect(']', 'to close the index');
          node = { type: 'Member', object: node, property, optional: true, start: node.start, end: close.end };
        } else {
          const name = this.propertyName();
          node = { type: 'Member', object: node, property: name.value, optional: true, start: node.start, end: name.end };
        }
      } else if (this.is('[')) {
        this.next();
        const property = this.expression();
        const close = this.expect(']', 'to close the index');
        node = { type: 'Member', object: node, property, optional: false, start: node.start, end: close.end };
      } else if (this.is('(')) {
        const args = this.args();
        node = { type: 'Call', callee: node, args: args.list, optional: false, start: node.start, end: args.end };
      } else if (this.peek().type === 'template') {
        throw new SyntaxFault('Tagged templates are not supported', this.peek().start, this.peek().end);
      } else {
        break;
      }
    }
    return optionalChain ? { type: 'Chain', expression: node, start: node.start, end: node.end } : node;
  }

  private propertyName(): Token {
    const t = this.next();
    if (t.type !== 'identifier' && t.type !== 'keyword') {
      throw new SyntaxFault(`Expected a property name after '.' but found ${describe(t)}`, t.start, Math.max(t.end, t.start + 1));
    }
    return t;
  }

  private args(): { list: Array<A.Node | A.Spread>; end: number } {
    this.expect('(', 'to start the arguments');
    const list: Array<A.Node | A.Spread> = [];
    while (!this.is(')')) {
      list.push(this.elementOrSpread());
      if (!this.is(')')) this.expect(',', 'between arguments');
    }
    const close = this.next();
    return { list, end: close.end };
  }

  private elementOrSpread(): A.Node | A.Spread {
    const t = this.peek();
    if (this.eat('...')) {
      const argument = this.expression();
      return { type: 'Spread', argument, start: t.start, end: argument.end };
    }
    return this.expression();
  }

  private primary(): A.Node {
    const t = this.next();
    switch (t.type) {
      case 'number':
        return { type: 'Literal', value: t.number!, start: t.start, end: t.end };
      case 'string':
        return { type: 'Literal', value: t.value, start: t.start, end: t.end };
      case 'regex':
        return { type: 'Regex', pattern: t.pattern!, flags: t.flags!, start: t.start, end: t.end };
      case 'template': {
        const expressions = t.parts!.map((tokens) => {
          const sub = new Parser(tokens, this.src);
          if (sub.peek().type === 'eof') throw new SyntaxFault('Empty ${} in a template string', t.start, t.end);
          const node = sub.expression();
          sub.expectEnd();
          return node;
        });
        return { type: 'Template', quasis: t.quasis!, expressions, start: t.start, end: t.end };
      }
      case 'identifier':
        if (t.value === 'undefined') return { type: 'Literal', value: undefined, start: t.start, end: t.end };
        return { type: 'Identifier', name: t.value, start: t.start, end: t.end };
      case 'keyword':
        if (t.value === 'true' || t.value === 'false') return { type: 'Literal', value: t.value === 'true', start: t.start, end: t.end };
        if (t.value === 'null') return { type: 'Literal', value: null, start: t.start, end: t.end };
        return this.unexpected(t);
      case 'punct':
        if (t.value === '(') {
          const inner = this.expression();
          this.expect(')', 'to close the parenthesis');
          this.parenthesized.add(inner);
          return inner;
        }
        if (t.value === '[') return this.arrayLiteral(t);
        if (t.value === '{') return this.objectLiteral(t);
        return this.unexpected(t);
      default:
        return this.unexpected(t);
    }
  }

  private arrayLiteral(open: Token): A.ArrayLiteral {
    const elements: Array<A.Node | A.Spread> = [];
    while (!this.is(']')) {
      if (this.is(',')) throw new SyntaxFault('Holes in array literals are not supported; write undefined', this.peek().start);
      elements.push(this.elementOrSpread());
      if (!this.is(']')) this.expect(',', 'between array elements');
    }
    const close = this.next();
    return { type: 'Array', elements, start: open.start, end: close.end };
  }

  private objectLiteral(open: Token): A.ObjectLiteral {
    const properties: Array<A.Property | A.Spread> = [];
    while (!this.is('}')) {
      const t = this.peek();
      if (this.eat('...')) {
        const argument = this.expression();
        properties.push({ type: 'Spread', argument, start: t.start, end: argument.end });
      } else {
        let key: string | A.Node;
        const k = this.next();
        if (k.type === 'identifier' || k.type === 'keyword' || k.type === 'string') key = k.value;
        else if (k.type === 'number') key = String(k.number);
        else if (k.type === 'punct' && k.value === '[') {
          key = this.expression();
          this.expect(']', 'to close the computed key');
        } else this.unexpected(k);
        if (key === '__proto__') throw new SyntaxFault("'__proto__' cannot be used as a key", k.start, k.end);
        if (this.is('(')) throw new SyntaxFault('Methods in object literals are not supported; use key: (args) => value', this.peek().start);
        if (typeof key === 'string' && k.type === 'identifier' && (this.is(',') || this.is('}'))) {
          properties.push({ type: 'Property', key, value: { type: 'Identifier', name: key, start: k.start, end: k.end }, start: k.start, end: k.end });
        } else {
          this.expect(':', 'after the key');
          const value = this.expression();
          properties.push({ type: 'Property', key, value, start: k.start, end: value.end });
        }
      }
      if (!this.is('}')) this.expect(',', 'between properties');
    }
    const close = this.next();
    return { type: 'Object', properties, start: open.start, end: close.end };
  }
}
