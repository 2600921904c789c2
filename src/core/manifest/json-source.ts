import type { SourceNode } from './source-map';

/**
 * A small JSON reader that records where every value and key starts and ends. It runs only
 * when a diagnostic needs a position, or to locate a syntax error that `JSON.parse` describes
 * without one.
 */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function buildJsonTree(text: string): SourceNode {
  let i = 0;
  const n = text.length;

  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, at);
  };
  const skip = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) i++;
      else break;
    }
  };
  const describe = (at: number) => (at >= n ? 'end of file' : `"${text[at]}"`);

  const readString = (): void => {
    const start = i;
    i++; // opening quote
    while (i < n) {
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape in string', i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(`invalid escape "\\${e ?? ''}" in string`, i);
        continue;
      }
      if (c === '\n' || text.charCodeAt(i) < 32) fail('unterminated string: strings must close on the same line with "', start);
      i++;
    }
    fail('unterminated string', start);
  };

  const readValue = (): SourceNode => {
    skip();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const children = new Map<string, SourceNode>();
      skip();
      if (text[i] === '}') {
        i++;
        return { start, end: i, children };
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`);
        const keyStart = i;
        readString();
        const keyEnd = i;
        const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
        skip();
        if (text[i] !== ':') fail(`expected ":" after property name, found ${describe(i)}`);
        i++;
        const child = readValue();
        children.set(key, { ...child, keyStart, keyEnd });
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { start, end: i, children };
        }
        fail(`expected "," or "}" after a property value, found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      const children = new Map<string, SourceNode>();
      skip();
      if (text[i] === ']') {
        i++;
        return { start, end: i, children };
      }
      for (let index = 0; ; index++) {
        children.set(String(index), readValue());
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { start, end: i, children };
        }
        fail(`expected "," or "]" after an array element, found ${describe(i)}`);
      }
    }
    if (c === '"') {
      readString();
      return { start, end: i };
    }
    if (c === "'") fail('strings must use double quotes (") in JSON, not single quotes');
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (literal) {
      i += literal[0].length;
      return { start, end: i };
    }
    return fail(`expected a JSON value, found ${describe(i)}`);
  };

  const root = readValue();
  skip();
  if (i < n) fail(`unexpected ${describe(i)} after the end of the JSON document`);
  return root;
}
