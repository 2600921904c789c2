import assert from 'node:assert/strict';
import { parseManifestText } from '../../../../src/core/manifest';
import { checkSettingValue, describeExpected, effectiveSetting, findSetting, parseTypedInput, settingsJsonSchema, type SettingDeclaration } from '../../../../src/host/extensions/setting-values';

const MANIFEST = `
[package]
name = "word-tools"
version = "1.0.0"

[configuration.properties."word-tools.mode"]
type = "string"
enum = ["words", "lines"]
default = "words"
description = "What to count."

[configuration.properties."word-tools.limit"]
type = "integer"
minimum = 1
maximum = 10
default = 3

[configuration.properties."word-tools.prefix"]
type = "string"
pattern = "^[a-z]+$"
default = "abc"
`;

function manifest() {
  const result = parseManifestText(MANIFEST, '/x/word-tools/symphony.toml', { fileExists: false });
  assert.ok(result.manifest, JSON.stringify(result.diagnostics));
  return result.manifest;
}

const decl = (id: string): SettingDeclaration => manifest().configuration.properties[id]!;

describe('sub-extension setting values', () => {
  it('uses the user value when it fits the declaration and the default when there is none', () => {
    assert.deepEqual(effectiveSetting('word-tools.limit', decl('word-tools.limit'), undefined), { value: 3, source: 'default' });
    assert.deepEqual(effectiveSetting('word-tools.limit', decl('word-tools.limit'), 7), { value: 7, source: 'user' });
    assert.deepEqual(effectiveSetting('word-tools.mode', decl('word-tools.mode'), 'lines'), { value: 'lines', source: 'user' });
  });

  it('falls back to the default for a value of the wrong type, outside the enum, out of bounds or off the pattern, naming value, expectation and fix', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['word-tools.limit', 'five', /"five" is a string; expected an integer from 1 to 10/],
      ['word-tools.limit', 2.5, /2\.5 is a number; expected an integer from 1 to 10/],
      ['word-tools.limit', 11, /11 is above the maximum 10/],
      ['word-tools.limit', 0, /0 is below the minimum 1/],
      ['word-tools.mode', 'chars', /"chars" is not one of the allowed values; expected one of "words", "lines"/],
      ['word-tools.prefix', 'ABC', /"ABC" does not match the pattern \^\[a-z\]\+\$/],
    ];
    for (const [id, value, message] of cases) {
      const s = effectiveSetting(id, decl(id), value);
      assert.equal(s.source, 'default', `${id} = ${JSON.stringify(value)}`);
      assert.equal(s.value, decl(id).default);
      assert.match(s.problem!.message, message);
      assert.match(s.problem!.message, new RegExp(`^setting "${id.replace('.', '\\.')}"`));
      assert.match(s.problem!.fix, /settings\.json.*Edit Sub-extension Settings.*remove it to use the default/);
    }
  });

  it('finds a setting by its declared id or by the short key under the extension name, and nothing else', () => {
    const m = manifest();
    assert.equal(findSetting(m, 'word-tools.mode')?.id, 'word-tools.mode');
    assert.equal(findSetting(m, 'limit')?.id, 'word-tools.limit');
    assert.equal(findSetting(m, 'other.limit'), undefined);
    assert.equal(findSetting(m, 'toString'), undefined);
  });

  it('turns typed input into values of the declared type', () => {
    assert.deepEqual(parseTypedInput(decl('word-tools.limit'), ' 4 '), { value: 4 });
    assert.match((parseTypedInput(decl('word-tools.limit'), 'x') as { error: string }).error, /not a number/);
    assert.deepEqual(parseTypedInput(decl('word-tools.prefix'), 'has space'), { value: 'has space' });
    assert.deepEqual(parseTypedInput({ type: 'array' } as SettingDeclaration, '["a", 1]'), { value: ['a', 1] });
    assert.deepEqual(parseTypedInput({ type: 'boolean' } as SettingDeclaration, 'true'), { value: true });
    assert.equal(checkSettingValue('x', { type: ['string', 'null'] } as SettingDeclaration, null), undefined);
    assert.equal(describeExpected(decl('word-tools.limit')), 'an integer from 1 to 10');
  });

  it('describes every declared setting in a JSON Schema for settings.json, naming the extension', () => {
    const schema = settingsJsonSchema([manifest()]) as { properties: Record<string, Record<string, unknown>> };
    assert.deepEqual(Object.keys(schema.properties), ['word-tools.mode', 'word-tools.limit', 'word-tools.prefix']);
    assert.deepEqual(schema.properties['word-tools.mode']!.enum, ['words', 'lines']);
    assert.equal(schema.properties['word-tools.limit']!.maximum, 10);
    assert.match(String(schema.properties['word-tools.mode']!.markdownDescription), /^What to count\.\n\n\*Symphony extension `word-tools`\*$/);
  });
});
