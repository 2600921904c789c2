import type * as A from './ast';
import { closest } from '../base/diagnostic';
import { assertAllowedName, callMethod, getMember, hasMethod, hasProperty, propertyKey } from './value-access';
import {
  checkedString, constructorOf, ExpressionFault, HostObject, isCallable, isPlainObject, MISSING, registerFunction,
  isStackOverflow, RuntimeFault, STACK_MESSAGE, swapActiveContext, typeName, type CallContext,
} from './runtime';

/** Limits for one evaluation. */
export interface EvaluationLimits {
  /** Steps (nodes evaluated plus work done by built-ins) before evaluation stops. Default 10,000,000. */
  maxSteps?: number;
  /** Nested function calls before evaluation stops. Default 200. */
  maxDepth?: number;
}

export const DEFAULT_MAX_STEPS = 10_000_000;
export const DEFAULT_MAX_DEPTH = 200;

/** Resolves names that are not locals (`$` variables, globals). */
export interface NameResolver {
  /** The value of `name`, or MISSING when unknown. */
  resolve(name: string): unknown;
  /** Names offered when an unknown name is used. */
  names(): Iterable<string>;
}

/** Marks a `?.` chain that short-circuited; turned into undefined at the chain's end. */
const SHORT: unique symbol = Symbol('short-circuit');

/** Local names (parameters, consts) of one function call or block; few, so arrays beat maps. */
interface Env {
  names: string[];
  values: unknown[];
  parent: Env | null;
}

interface ReturnBox {
  value: unknown;
}

/** Runs a parsed expression. One interpreter per evaluation: it holds the budget and the clock. */
export class Interpreter implements CallContext {
  private steps = 0;
  private depth = 0;
  private readonly maxSteps: number;
  private readonly maxDepth: number;

  constructor(
    private readonly resolver: NameResolver,
    readonly now: Date,
    limits: EvaluationLimits = {},
  ) {
    this.maxSteps = limits.maxSteps ?? DEFAULT_MAX_STEPS;
    this.maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  charge(steps: number): void {
    this.steps += steps;
    if (this.steps > this.maxSteps) {
      throw new ExpressionFault(`The expression did too much work (over ${this.maxSteps} steps) and was stopped`);
    }
  }

  run(node: A.Node): unknown {
    const previous = swapActiveContext(this);
    try {
      const value = this.evaluate(node, null);
      return value === SHORT ? undefined : value;
    } finally {
      swapActiveContext(previous);
    }
  }

  private locate(e: unknown, node: { start: number; end: number }): unknown {
    if (e instanceof RuntimeFault || e instanceof ExpressionFault) {
      if (e.start === undefined) {
        e.start = node.start;
        e.end = node.end;
      }
      return e;
    }
    if (isStackOverflow(e)) return new ExpressionFault(STACK_MESSAGE, node.start, node.end);
    // A native built-in failed (RangeError, TypeError…): the same kind of failure n8n swallows.
    if (e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError || e instanceof URIError) {
      return new RuntimeFault(e.message, node.start, node.end);
    }
    return e;
  }

  private evaluate(node: A.Node, env: Env | null): unknown {
    if (++this.steps > this.maxSteps) this.charge(0);
    switch (node.type) {
      case 'Literal':
        return node.value;
      case 'Identifier':
        return this.identifier(node, env);
      case 'Member': {
        const object = this.evaluate(node.object, env);
        if (object === SHORT) return SHORT;
        if (node.optional && (object === null || object === undefined)) return SHORT;
        if (typeof node.property === 'string' && node.plainKey && isPlainObject(object)) {
          return Object.prototype.hasOwnProperty.call(object, node.property) ? object[node.property] : undefined;
        }
        const key = typeof node.property === 'string' ? node.property : propertyKey(this.evaluate(node.property, env));
        try {
          return getMember(object, key);
        } catch (e) {
          throw this.locate(e, propertySpan(node));
        }
      }
      case 'Call':
        return this.call(node, env);
      case 'Chain': {
        const value = this.evaluate(node.expression, env);
        return value === SHORT ? undefined : value;
      }
      case 'Binary':
        return this.binary(node, env);
      case 'Logical': {
        const left = this.evaluate(node.left, env);
        if (node.operator === '&&') return left ? this.evaluate(node.right, env) : left;
        if (node.operator === '||') return left ? left : this.evaluate(node.right, env);
        return left === null || left === undefined ? this.evaluate(node.right, env) : left;
      }
      case 'Conditional':
        return this.evaluate(node.test, env) ? this.evaluate(node.consequent, env) : this.evaluate(node.alternate, env);
      case 'Unary':
        return this.unary(node, env);
      case 'Template': {
        let out = node.quasis[0]!;
        for (let i = 0; i < node.expressions.length; i++) {
          const value = this.evaluate(node.expressions[i]!, env);
          try {
            out += `${value as string}${node.quasis[i + 1]}`;
          } catch (e) {
            throw this.locate(e, node.expressions[i]!);
          }
        }
        return this.checkString(out, node);
      }
      case 'Array': {
        const out: unknown[] = [];
        for (const el of node.elements) {
          if (el.type === 'Spread') out.push(...this.spread(el, env));
          else out.push(this.evaluate(el, env));
        }
        this.charge(out.length >> 3);
        return out;
      }
      case 'Object':
        return this.object(node, env);
      case 'Arrow':
        return this.arrow(node, env);
      case 'New':
        return this.construct(node, env);
      case 'Regex':
        return new RegExp(node.pattern, node.flags);
    }
  }

  private identifier(node: A.Identifier, env: Env | null): unknown {
    for (let e = env; e; e = e.parent) {
      const i = e.names.indexOf(node.name);
      if (i >= 0) return e.values[i];
    }
    let value: unknown;
    try {
      value = this.resolver.resolve(node.name);
    } catch (e) {
      throw this.locate(e, node);
    }
    if (value !== MISSING) return value;
    const names = [...this.resolver.names()];
    for (let e = env; e; e = e.parent) names.push(...e.names);
    const suggestion = node.name.length > 2 ? closest(node.name, names) : undefined;
    throw new ExpressionFault(`'${node.name}' is not defined${suggestion ? `; did you mean '${suggestion}'?` : ''}`, node.start, node.end);
  }

  private args(list: Array<A.Node | A.Spread>, env: Env | null): unknown[] {
    const out: unknown[] = [];
    for (const a of list) {
      if (a.type === 'Spread') out.push(...this.spread(a, env));
      else out.push(this.evaluate(a, env));
    }
    return out;
  }

  private call(node: A.Call, env: Env | null): unknown {
    const callee = node.callee;
    if (callee.type === 'Member') {
      const object = this.evaluate(callee.object, env);
      if (object === SHORT) return SHORT;
      if (callee.optional && (object === null || object === undefined)) return SHORT;
      const name = typeof callee.property === 'string' ? callee.property : propertyKey(this.evaluate(callee.property, env));
      try {
        // `obj.f?.()`: no such method means no call.
        if (node.optional) {
          assertAllowedName(name);
          if (!hasMethod(object, name)) return SHORT;
        }
        const args = this.args(node.args, env);
        return callMethod(object, name, args, this);
      } catch (e) {
        throw this.locate(e, propertySpan(callee));
      }
    }
    const fn = this.evaluate(callee, env);
    if (fn === SHORT) return SHORT;
    if (node.optional && (fn === null || fn === undefined)) return SHORT;
    if (!isCallable(fn)) {
      throw new RuntimeFault(`${callee.type === 'Identifier' ? callee.name : 'The expression'} is not a function (it is ${typeName(fn)})`, callee.start, callee.end);
    }
    const args = this.args(node.args, env);
    try {
      return fn(...args);
    } catch (e) {
      throw this.locate(e, node);
    }
  }

  private construct(node: A.New, env: Env | null): unknown {
    const ctor = constructorOf(this.evaluate(node.callee, env));
    const name = node.callee.type === 'Identifier' ? node.callee.name : 'this value';
    if (!ctor) throw new ExpressionFault(`new ${name}(…) is not supported; 'new' works with Date, Set, Map, RegExp and Array`, node.start, node.end);
    const args = this.args(node.args, env);
    try {
      return ctor(args);
    } catch (e) {
      throw this.locate(e, node);
    }
  }

  private spread(node: A.Spread, env: Env | null): unknown[] {
    const value = this.evaluate(node.argument, env);
    if (Array.isArray(value)) {
      this.charge(value.length >> 3);
      return value;
    }
    if (typeof value === 'string' || value instanceof Set || value instanceof Map) {
      const list = [...value];
      this.charge(list.length >> 3);
      return list;
    }
    throw new RuntimeFault(`${typeName(value)} is not iterable, so it cannot be spread with ...`, node.start, node.end);
  }

  private object(node: A.ObjectLiteral, env: Env | null): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const p of node.properties) {
      if (p.type === 'Spread') {
        const value = this.evaluate(p.argument, env);
        if (isPlainObject(value) || Array.isArray(value) || typeof value === 'string') {
          for (const k of Object.keys(value)) {
            if (k === '__proto__') continue;
            out[k] = (value as Record<string, unknown>)[k];
          }
        } else if (value instanceof HostObject) {
          const data = value.toJSON();
          if (isPlainObject(data)) Object.assign(out, data);
        }
        continue;
      }
      const key = typeof p.key === 'string' ? p.key : propertyKey(this.evaluate(p.key, env));
      if (key === '__proto__') throw new ExpressionFault("'__proto__' cannot be used as a key", p.start, p.end);
      out[key] = this.evaluate(p.value, env);
    }
    return out;
  }

  private arrow(node: A.Arrow, env: Env | null): (...args: unknown[]) => unknown {
    const fn = (...args: unknown[]): unknown => {
      if (++this.depth > this.maxDepth) {
        this.depth = 0;
        throw new ExpressionFault(`Functions nest too deeply (over ${this.maxDepth} calls)`, node.start, node.end);
      }
      try {
        const params = node.params;
        const scope: Env = { names: [], values: [], parent: env };
        for (let i = 0; i < params.length; i++) {
          const p = params[i]!;
          const value = p.rest ? args.slice(i) : args[i] === undefined && p.default ? this.evaluate(p.default, scope) : args[i];
          scope.names.push(p.name);
          scope.values.push(value);
        }
        if (node.body.type === 'Block') return this.exec(node.body, scope)?.value;
        const value = this.evaluate(node.body, scope);
        return value === SHORT ? undefined : value;
      } finally {
        this.depth--;
      }
    };
    return registerFunction(fn);
  }

  private exec(stmt: A.Statement, env: Env): ReturnBox | undefined {
    this.charge(1);
    switch (stmt.type) {
      case 'Block': {
        const scope: Env = { names: [], values: [], parent: env };
        for (const s of stmt.body) {
          const r = this.exec(s, scope);
          if (r) return r;
        }
        return undefined;
      }
      case 'Const':
        if (env.names.includes(stmt.name)) {
          throw new ExpressionFault(`'${stmt.name}' is already declared in this block`, stmt.start, stmt.end);
        }
        env.values.push(this.evaluate(stmt.init, env));
        env.names.push(stmt.name);
        return undefined;
      case 'If':
        if (this.evaluate(stmt.test, env)) return this.exec(stmt.consequent, env);
        return stmt.alternate ? this.exec(stmt.alternate, env) : undefined;
      case 'Return':
        return { value: stmt.argument ? this.evaluate(stmt.argument, env) : undefined };
    }
  }

  private unary(node: A.Unary, env: Env | null): unknown {
    if (node.operator === 'typeof') {
      let value: unknown;
      try {
        value = this.evaluate(node.argument, env);
      } catch (e) {
        if (node.argument.type === 'Identifier' && e instanceof ExpressionFault && /is not defined/.test(e.message)) return 'undefined';
        throw e;
      }
      return value instanceof HostObject ? 'object' : typeof value;
    }
    const value = this.evaluate(node.argument, env);
    try {
      switch (node.operator) {
        case '!': return !value;
        case '-': return -(value as number);
        case '+': return +(value as number);
        case '~': return ~(value as number);
        case 'void': return undefined;
      }
    } catch (e) {
      throw this.locate(e, node);
    }
  }

  private checkString(value: string, node: A.Node): string {
    try {
      return checkedString(value);
    } catch (e) {
      throw this.locate(e, node);
    }
  }

  private binary(node: A.Binary, env: Env | null): unknown {
    const l = this.evaluate(node.left, env) as number;
    const r = this.evaluate(node.right, env) as number;
    try {
      switch (node.operator) {
        case '+': {
          const sum: unknown = (l as unknown as string) + (r as unknown as string);
          return typeof sum === 'string' && sum.length > 65_536 ? this.checkString(sum, node) : sum;
        }
        case '-': return l - r;
        case '*': return l * r;
        case '/': return l / r;
        case '%': return l % r;
        case '**': return l ** r;
        case '==': return l == r;
        case '!=': return l != r;
        case '===': return l === r;
        case '!==': return l !== r;
        case '<': return l < r;
        case '>': return l > r;
        case '<=': return l <= r;
        case '>=': return l >= r;
        case '&': return l & r;
        case '|': return l | r;
        case '^': return l ^ r;
        case '<<': return l << r;
        case '>>': return l >> r;
        case '>>>': return l >>> r;
        case 'in': return hasProperty(r, propertyKey(l));
      }
    } catch (e) {
      throw this.locate(e, node);
    }
  }
}

/** The span of the property part of `a.b` / `a[b]`, where member errors point. */
function propertySpan(node: A.Member): { start: number; end: number } {
  if (typeof node.property !== 'string') return node.property;
  return { start: node.end - node.property.length, end: node.end };
}
