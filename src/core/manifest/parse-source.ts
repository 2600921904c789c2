import { parse as parseToml, TomlError } from 'smol-toml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { buildJsonTree, JsonSyntaxError } from './json-source';
import type { ManifestFormat } from './manifest-format';
import { LineIndex, locateInTree, type SourceLocation, type SourceNode, type SyntaxProblem } from './source-map';
import { buildTomlTree } from './toml-source';

/** A manifest's text read into plain data, with a way back from a field path to the text. */
export interface ParsedSource {
  format: ManifestFormat;
  /** The plain data, or undefined when the text has syntax errors. */
  data: unknown;
  syntaxErrors: SyntaxProblem[];
  /** Where `path` (or its deepest existing ancestor) sits in the text. */
  locate(path: ReadonlyArray<string | number>): SourceLocation;
}

/** Reads TOML, JSON or YAML. Never throws: syntax errors come back with line and column. */
export function parseSource(text: string, format: ManifestFormat): ParsedSource {
  const body = text.replace(/^\uFEFF/, '');
  let tree: SourceNode | undefined;
  let lines: LineIndex | undefined;
  const lazyLocate = (build: () => SourceNode) => (path: ReadonlyArray<string | number>) => {
    lines ??= new LineIndex(body);
    tree ??= safeBuild(build);
    return locateInTree(tree, path, lines);
  };
  if (format === 'json') return parseJson(body, lazyLocate(() => buildJsonTree(body)));
  if (format === 'toml') return parseTomlText(body, lazyLocate(() => buildTomlTree(body)));
  return parseYaml(body);
}

type Locate = ParsedSource['locate'];

function safeBuild(build: () => SourceNode): SourceNode {
  try {
    return build();
  } catch {
    return { start: 0, end: 0 };
  }
}

function parseJson(text: string, locate: Locate): ParsedSource {
  try {
    return { format: 'json', data: JSON.parse(text), syntaxErrors: [], locate };
  } catch (e) {
    // JSON.parse names the token but not always where it is; the position reader finds it.
    let problem: SyntaxProblem = { message: `invalid JSON: ${(e as Error).message}`, line: 1, column: 1 };
    try {
      buildJsonTree(text);
    } catch (positioned) {
      if (positioned instanceof JsonSyntaxError) {
        const at = new LineIndex(text).position(positioned.offset);
        problem = { message: `invalid JSON: ${positioned.message}`, ...at };
      }
    }
    return { format: 'json', data: undefined, syntaxErrors: [problem], locate };
  }
}

function parseTomlText(text: string, locate: Locate): ParsedSource {
  try {
    return { format: 'toml', data: parseToml(text), syntaxErrors: [], locate };
  } catch (e) {
    const err = e as Partial<TomlError> & Error;
    // smol-toml's message repeats the source lines with a caret; keep only the first line.
    const message = `invalid TOML: ${String(err.message).split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '')}`;
    const problem = { message, line: err.line ?? 1, column: err.column ?? 1 };
    return { format: 'toml', data: undefined, syntaxErrors: [problem], locate };
  }
}

function parseYaml(text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lines = new LineIndex(text);
  let tree: SourceNode | undefined;
  const locate: Locate = (path) => {
    tree ??= doc.contents ? yamlTree(doc.contents as YamlNode) : { start: 0, end: 0 };
    return locateInTree(tree, path, lines);
  };
  if (doc.errors.length > 0) {
    const syntaxErrors = doc.errors.map((e) => {
      const at = lines.position(e.pos[0]);
      return { message: `invalid YAML: ${e.message.split('\n')[0]}`, line: at.line, column: at.column };
    });
    return { format: 'yaml', data: undefined, syntaxErrors, locate };
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  return { format: 'yaml', data: data ?? {}, syntaxErrors: [], locate };
}

function yamlTree(node: YamlNode): SourceNode {
  const [start, end] = node.range ?? [0, 0];
  const out: SourceNode = { start, end };
  if (isMap(node)) {
    out.children = new Map();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyRange = (pair.key as YamlNode | null)?.range;
      const value = pair.value ? yamlTree(pair.value as YamlNode) : { start: keyRange?.[1] ?? start, end: keyRange?.[1] ?? start };
      out.children.set(key, { ...value, ...(keyRange ? { keyStart: keyRange[0], keyEnd: keyRange[1] } : {}) });
    }
  } else if (isSeq(node)) {
    out.children = new Map();
    node.items.forEach((item, index) => {
      if (item) out.children!.set(String(index), yamlTree(item as YamlNode));
    });
  }
  return out;
}
