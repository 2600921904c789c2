import assert from 'node:assert/strict';
import { parseManifestText } from '../../../../src/core/manifest';
import { checkKey, missingBindings, translateKeybindings } from '../../../../src/host/extensions/keybinding-translation';

function manifest(extra: string) {
  const text = `[package]\nname = "greeter"\nversion = "1.0.0"\n\n[[commands]]\nid = "greeter.hello"\ntitle = "Say Hello"\n${extra}`;
  const result = parseManifestText(text, '/x/greeter/symphony.toml', { fileExists: false });
  assert.ok(result.manifest, JSON.stringify(result.diagnostics));
  return result.manifest;
}

describe('sub-extension key bindings for VS Code', () => {
  it('targets symphony.ext.<extension>.<command> and keeps the platform keys, when and args', () => {
    const m = manifest('\n[[keybindings]]\ncommand = "greeter.hello"\nkey = "ctrl+alt+h"\nmac = "cmd+alt+h"\nwhen = "editorTextFocus"\nargs = { name = "Ada" }\n');
    assert.deepEqual(translateKeybindings(m), {
      bindings: [{ key: 'ctrl+alt+h', mac: 'cmd+alt+h', command: 'symphony.ext.greeter.greeter.hello', when: 'editorTextFocus', args: { name: 'Ada' } }],
      problems: [],
    });
  });

  it('accepts the host id of its own command, and skips commands it does not declare or broken keys, saying why', () => {
    const m = manifest('\n[[keybindings]]\ncommand = "symphony.ext.greeter.greeter.hello"\nkey = "f7"\n\n[[keybindings]]\ncommand = "greeter.bye"\nkey = "f8"\n\n[[keybindings]]\ncommand = "greeter.hello"\nkey = "ctrl+alt"\n');
    const { bindings, problems } = translateKeybindings(m);
    assert.deepEqual(bindings, [{ key: 'f7', command: 'symphony.ext.greeter.greeter.hello' }]);
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /symphony\.toml: keybindings\[1\]: command "greeter\.bye" is not one of this extension's \[\[commands\]\] \(greeter\.hello\)/);
    assert.match(problems[1]!, /keybindings\[2\]: "ctrl\+alt" has only modifiers/);
  });

  it('checks key syntax: modifiers, chords', () => {
    assert.equal(checkKey('ctrl+k ctrl+c'), undefined);
    assert.equal(checkKey('shift+alt+f5'), undefined);
    assert.match(checkKey('ctlr+h')!, /"ctlr" in "ctlr\+h" is not a modifier/);
    assert.match(checkKey('a b c')!, /3 chords/);
  });

  it('leaves out bindings keybindings.json already has', () => {
    const wanted = [{ key: 'f7', command: 'symphony.ext.greeter.greeter.hello' }, { key: 'f8', command: 'symphony.ext.greeter.greeter.hello', when: 'x' }];
    assert.deepEqual(missingBindings(wanted, [{ key: 'f7', command: 'symphony.ext.greeter.greeter.hello' }, 'junk']), [wanted[1]]);
    assert.deepEqual(missingBindings(wanted, undefined), wanted);
  });
});
