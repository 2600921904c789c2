import assert from 'node:assert/strict';
import path from 'node:path';
import { parseManifestText, type ManifestDiagnostic } from '../../../../src/core/manifest';

const HEAD = '[package]\nname = "demo"\nversion = "1.0.0"\n';

function check(body: string, top = ''): ManifestDiagnostic[] {
  return parseManifestText(top + HEAD + body, path.join('/tmp/rules', 'symphony.toml'), { fileExists: false }).diagnostics;
}

const find = (ds: ManifestDiagnostic[], code: string) => ds.find((d) => d.code === code);

describe('manifest rules', () => {
  it('checks setting defaults against their own type, enum, bounds and pattern', () => {
    const ds = check(`[configuration.properties."demo.a"]\ntype = "number"\ndefault = "3"\n[configuration.properties."demo.b"]\ntype = "string"\nenum = ["x", "y"]\ndefault = "z"\n[configuration.properties."demo.c"]\ntype = "integer"\nminimum = 5\ndefault = 2\n[configuration.properties."demo.d"]\ntype = "string"\npattern = "^[a-z]+$"\ndefault = "ABC"\n`);
    const defaults = ds.filter((d) => d.code === 'InvalidDefault').map((d) => [d.path, d.line]);
    assert.deepEqual(defaults, [
      ['configuration.properties["demo.a"].default', 6],
      ['configuration.properties["demo.b"].default', 10],
      ['configuration.properties["demo.c"].default', 14],
      ['configuration.properties["demo.d"].default', 18],
    ].map(([p, l]) => [String(p).replace(/\["(.*?)"\]/, '.$1'), l]));
  });

  it('warns about commands referenced but not declared, with the closest id', () => {
    const ds = check('[runtime]\nentry = "i.js"\nactivation_events = ["onCommand:demo.runn", "onStartup"]\n[[commands]]\nid = "demo.run"\ntitle = "Run"\n[[keybindings]]\ncommand = "demo.stop"\nkey = "ctrl+s"\n');
    const unknown = ds.filter((d) => d.code === 'UnknownCommand');
    assert.equal(unknown.length, 2);
    assert.equal(unknown[0]!.suggestion, 'demo.run');
    assert.equal(unknown[0]!.line, 6);
    assert.match(find(ds, 'UnknownActivationEvent')!.fix!, /onStartupFinished/);
  });

  it('rejects a Python entry without a function and a JS language with a module:function entry', () => {
    assert.equal(find(check('[runtime]\nlanguage = "python"\nentry = "pkg/mod.py"\n'), 'InvalidEntry')!.fix, 'write entry = "pkg.mod:function_name"');
    assert.ok(find(check('[runtime]\nlanguage = "js"\nentry = "pkg.mod:run"\n'), 'InvalidEntry'));
  });

  it('requires the workflow of a melody and warns about scopes that cannot work', () => {
    assert.equal(find(check('', 'type = "melody"\n'), 'MissingField')!.path, 'workflow.file');
    const ds = check('[security]\npermissions = [{ name = "net.http", scope = ["https://api.example.com:443"] }, { name = "fs.write", scope = ["../outside/**"] }, { name = "ui.panel", scope = ["x"] }]\n');
    assert.equal(ds.find((d) => d.code === 'InvalidScope' && /net\.http/.test(d.message))!.suggestion, 'api.example.com');
    assert.ok(ds.some((d) => d.code === 'InvalidScope' && /outside the workspace/.test(d.message)));
    assert.ok(find(ds, 'IgnoredScope'));
    assert.ok(ds.every((d) => d.severity !== 'error'));
  });

  it('rejects self-dependencies, a dependency that is also a conflict, and bad ranges with a repair', () => {
    const ds = check('[dependencies]\ndemo = "^1.0.0"\nother = "^2.0.0"\nthird = { version = "=>1.0.0" }\nconflicts_with = ["other"]\n');
    assert.ok(find(ds, 'SelfDependency'));
    assert.equal(find(ds, 'ConflictingDependency')!.path, 'dependencies.conflicts_with[0]');
    const range = find(ds, 'InvalidVersionRange')!;
    assert.equal(range.path, 'dependencies.third.version');
    assert.equal(range.line, 7);
  });

  it('suggests a permission for a typo inside a scoped entry and an enum value for a near miss', () => {
    const ds = check('[security]\nsandbox_level = "strickt"\npermissions = [{ name = "bus.pubish", scope = ["a.*"] }]\n');
    assert.equal(find(ds, 'UnknownPermission')!.path, 'security.permissions[0].name');
    assert.equal(find(ds, 'UnknownPermission')!.suggestion, 'bus.publish');
    assert.equal(find(ds, 'InvalidValue')!.suggestion, 'strict');
  });

  it('accepts reasonable variants with at most a warning, and stays conservative about trust', () => {
    const text = `type = "operator"\n[package]\nname = "demo"\nversion = "1.0.0"\nauthor = { name = "Ada", email = "ada@example.com" }\n[security]\ntrust_level = "trusted"\n[conductor]\npriority = 5\n[board]\ncolor = "teal"\nproperties = [{ name = "n", type = "integer" }, { name = "m", type = "strng" }]\n`;
    const r = parseManifestText(text, '/tmp/rules/symphony.toml', { fileExists: false });
    assert.equal(r.valid, true, JSON.stringify(r.diagnostics));
    assert.equal(r.manifest!.security.trust_level, 'untrusted');
    assert.equal(find(r.diagnostics, 'UnknownTrustLevel')!.line, 7);
    assert.equal(find(r.diagnostics, 'UnknownParamType')!.suggestion, 'string');
    assert.equal(r.manifest!.conductor!.priority, 5);
  });

  it('warns when this Symphony falls outside the engine range', () => {
    const d = find(check('[engine]\nsymphony_version = ">=9.0.0"\n'), 'EngineIncompatible')!;
    assert.equal(d.severity, 'warning');
    assert.equal(d.line, 5);
  });
});
