import assert from 'node:assert/strict';
import { appendToTopLevelArray, applyEdit, parseJsonc, removeTopLevelProperty, setTopLevelProperty, type TextEdit } from '../../../../src/host/extensions/jsonc-edit';

const apply = (text: string, edit: TextEdit | { error: string } | undefined): string => {
  assert.ok(edit && !('error' in edit), `expected an edit, got ${JSON.stringify(edit)}`);
  return applyEdit(text, edit);
};

describe('JSON-with-comments edits of user files', () => {
  const settings = '// my settings\n{\n  "editor.fontSize": 14, // big\n  /* keep */ "a.b": { "x": [1, "]"] },\n}\n';

  it('replaces an existing setting in place, keeping comments and the rest of the file', () => {
    const out = apply(settings, setTopLevelProperty(settings, 'editor.fontSize', 16));
    assert.equal(out, settings.replace('14', '16'));
  });

  it('adds a new setting at the end and the result parses with the old ones', () => {
    const out = apply(settings, setTopLevelProperty(settings, 'word-tools.mode', 'lines'));
    assert.deepEqual(parseJsonc(out), { 'editor.fontSize': 14, 'a.b': { x: [1, ']'] }, 'word-tools.mode': 'lines' });
    assert.match(out, /^\/\/ my settings\n/);
    assert.match(out, /\/\/ big/);
  });

  it('writes into an empty object and an empty file', () => {
    assert.deepEqual(parseJsonc(apply('{}', setTopLevelProperty('{}', 'k', [1, 2]))), { k: [1, 2] });
    assert.deepEqual(parseJsonc(apply('', setTopLevelProperty('', 'k', true))), { k: true });
  });

  it('removes a setting with its comma, wherever it is', () => {
    const text = '{ "a": 1, "b": 2, "c": 3 }';
    assert.deepEqual(parseJsonc(apply(text, removeTopLevelProperty(text, 'a'))), { b: 2, c: 3 });
    assert.deepEqual(parseJsonc(apply(text, removeTopLevelProperty(text, 'b'))), { a: 1, c: 3 });
    assert.deepEqual(parseJsonc(apply(text, removeTopLevelProperty(text, 'c'))), { a: 1, b: 2 });
    assert.equal(removeTopLevelProperty(text, 'd'), undefined);
  });

  it('appends key bindings to keybindings.json: the default comment-only file, an empty array and a list', () => {
    const comment = '// Place your key bindings in this file to override the defaults\n[]';
    const kb = { key: 'ctrl+alt+h', command: 'symphony.ext.greeter.greeter.hello' };
    const out = apply(comment, appendToTopLevelArray(comment, [kb]));
    assert.deepEqual(parseJsonc(out), [kb]);
    assert.match(out, /^\/\/ Place your key bindings/);
    const list = '[\n  { "key": "f1", "command": "x" }, // mine\n]';
    assert.deepEqual(parseJsonc(apply(list, appendToTopLevelArray(list, [kb, kb]))), [{ key: 'f1', command: 'x' }, kb, kb]);
    assert.deepEqual(parseJsonc(apply('', appendToTopLevelArray('', [kb]))), [kb]);
  });

  it('refuses files it cannot understand instead of corrupting them', () => {
    assert.match((setTopLevelProperty('{ "a": ', 'b', 1) as { error: string }).error, /./);
    assert.match((appendToTopLevelArray('{ "a": 1 }', [1]) as { error: string }).error, /not hold a JSON array/);
    assert.match((setTopLevelProperty('[1]', 'b', 1) as { error: string }).error, /not hold a JSON object/);
    assert.equal(parseJsonc('{ "a": '), undefined);
  });
});
