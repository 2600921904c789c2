import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { builtinKeybindings, COMMAND, renderPackageJson, withGeneratedKeybindings } from '../../../../scripts/generate-keybindings';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/extensions-host/builtin');

describe('key bindings of built-in sub-extensions in package.json', () => {
  it('package.json holds exactly the symphony.ext.* key bindings generated from manifests/', () => {
    const { bindings, problems } = builtinKeybindings();
    assert.deepEqual(problems, [], 'every built-in key binding must translate');
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { keybindings?: Array<{ command: string }> } };
    const committed = (pkg.contributes.keybindings ?? []).filter((k) => k.command.startsWith('symphony.ext.'));
    assert.deepEqual(committed, bindings, `package.json contributes.keybindings is stale; run ${COMMAND}`);
  });

  it('generates a binding per valid [[keybindings]] entry, targeting symphony.ext.<extension>.<command>, and reports the rest', () => {
    const { bindings, problems } = builtinKeybindings(FIXTURE);
    assert.deepEqual(bindings, [{ key: 'ctrl+alt+t', mac: 'cmd+alt+t', command: 'symphony.ext.clock.clock.now', when: 'editorTextFocus' }]);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems.find((p) => p.includes('broken'))!, /broken.symphony\.toml: the manifest does not load .*run symphony validate/);
    assert.match(problems.find((p) => p.includes('clock.missing'))!, /keybindings\[1\]: command "clock\.missing" is not one of this extension's \[\[commands\]\]/);
  });

  it('replaces only the symphony.ext.* entries and keeps the others in place', () => {
    const current = [{ key: 'f5', command: 'symphony.board.run' }, { key: 'f9', command: 'symphony.ext.old.old.cmd' }];
    const generated = [{ key: 'ctrl+alt+t', command: 'symphony.ext.clock.clock.now' }];
    assert.deepEqual(withGeneratedKeybindings(current, generated), [current[0], generated[0]]);
    const text = renderPackageJson(JSON.stringify({ name: 'x', contributes: { keybindings: current } }), generated);
    assert.deepEqual(JSON.parse(text).contributes.keybindings, [current[0], generated[0]]);
    assert.ok(text.endsWith('}\n'));
  });
});
