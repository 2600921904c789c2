import assert from 'node:assert/strict';
import { parseSource } from '../../../../src/core/manifest/parse-source';

/** Line and column of a path's value, as 'line:column'. */
function at(text: string, format: 'toml' | 'json' | 'yaml', path: Array<string | number>, key = false): string {
  const src = parseSource(text, format);
  assert.deepEqual(src.syntaxErrors, []);
  const found = src.locate(path);
  const span = key ? found.key! : found.value;
  return `${span.line}:${span.column}${found.exact ? '' : ' (ancestor)'}`;
}

describe('manifest source positions', () => {
  const toml = [
    '# comment',                                           // 1
    'type = "operator"',                                   // 2
    '[package]',                                           // 3
    'name = "x" # trailing',                               // 4
    '"quoted key" = 1',                                    // 5
    'a.b.c = true',                                        // 6
    '[security]',                                          // 7
    'permissions = [',                                     // 8
    '  "ui.panel", # first',                               // 9
    '  { name = "fs.read", scope = ["a", "b"] },',         // 10
    ']',                                                   // 11
    '[[commands]]',                                        // 12
    'id = "one"',                                          // 13
    '[commands.input]',                                    // 14
    'type = "object"',                                     // 15
    '[[commands]]',                                        // 16
    "id = 'two'",                                          // 17
    'description = """',                                   // 18
    'multi "line"',                                        // 19
    '"""',                                                 // 20
    'title = "after"',                                     // 21
    '[configuration.properties."word-tools.mode"]',        // 22
    'default = "words"',                                   // 23
  ].join('\n');

  it('finds TOML values: tables, dotted and quoted keys, arrays of tables, inline tables, multi-line values', () => {
    assert.equal(at(toml, 'toml', ['type']), '2:8');
    assert.equal(at(toml, 'toml', ['package', 'name']), '4:8');
    assert.equal(at(toml, 'toml', ['package', 'quoted key']), '5:16');
    assert.equal(at(toml, 'toml', ['package', 'a', 'b', 'c']), '6:9');
    assert.equal(at(toml, 'toml', ['security', 'permissions', 0]), '9:3');
    assert.equal(at(toml, 'toml', ['security', 'permissions', 1, 'name']), '10:12');
    assert.equal(at(toml, 'toml', ['security', 'permissions', 1, 'scope', 1]), '10:37');
    assert.equal(at(toml, 'toml', ['commands', 0, 'id']), '13:6');
    assert.equal(at(toml, 'toml', ['commands', 0, 'input', 'type']), '15:8');
    assert.equal(at(toml, 'toml', ['commands', 1, 'id']), '17:6');
    assert.equal(at(toml, 'toml', ['commands', 1, 'title']), '21:9');
    assert.equal(at(toml, 'toml', ['configuration', 'properties', 'word-tools.mode', 'default']), '23:11');
  });

  it('points a missing TOML field at the nearest table that exists', () => {
    assert.equal(at(toml, 'toml', ['package', 'version']), '3:1 (ancestor)');
    assert.equal(at(toml, 'toml', ['commands', 1, 'when']), '16:1 (ancestor)');
    assert.equal(at(toml, 'toml', ['package', 'colour'], false), '3:1 (ancestor)');
  });

  it('finds JSON values and keys', () => {
    const json = '{\n  "package": {\n    "name": "x",\n    "tags": [1, {"a": "b"}]\n  }\n}';
    assert.equal(at(json, 'json', ['package', 'name']), '3:13');
    assert.equal(at(json, 'json', ['package', 'name'], true), '3:5');
    assert.equal(at(json, 'json', ['package', 'tags', 1, 'a']), '4:23');
    assert.equal(at(json, 'json', ['package', 'missing']), '2:14 (ancestor)');
  });

  it('finds YAML values in block and flow style', () => {
    const yaml = 'package:\n  name: x\n  tags: [a, "b"]\ncommands:\n  - id: one\n  - id: two\n    title: Two\n';
    assert.equal(at(yaml, 'yaml', ['package', 'name']), '2:9');
    assert.equal(at(yaml, 'yaml', ['package', 'name'], true), '2:3');
    assert.equal(at(yaml, 'yaml', ['package', 'tags', 1]), '3:13');
    assert.equal(at(yaml, 'yaml', ['commands', 1, 'title']), '7:12');
  });

  it('reports syntax errors at line and column in each format', () => {
    const cases: Array<[string, 'toml' | 'json' | 'yaml', number, number]> = [
      ['{\n  "a": 1,\n  "b": \'x\'\n}', 'json', 3, 8],
      ['{\n  "a": 1\n  "b": 2\n}', 'json', 3, 3],
      ['{"a": [1, 2}', 'json', 1, 12],
      ['[package]\nname = "x\n', 'toml', 2, 10],
      ['a = 1\na = 2\n', 'toml', 2, 1],
      ['package:\n  name: [a, b\nversion: 1\n', 'yaml', 3, 1],
    ];
    for (const [text, format, line, column] of cases) {
      const src = parseSource(text, format);
      assert.equal(src.data, undefined, text);
      assert.equal(src.syntaxErrors.length > 0, true, text);
      assert.deepEqual([src.syntaxErrors[0]!.line, src.syntaxErrors[0]!.column], [line, column], `${format}: ${text}`);
      assert.match(src.syntaxErrors[0]!.message, new RegExp(`invalid ${format}`, 'i'));
    }
  });
});
