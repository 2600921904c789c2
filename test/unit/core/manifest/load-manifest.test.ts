import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findManifestFile, formatFromContent, loadManifest, parseManifestText } from '../../../../src/core/manifest';

const MIN = '[package]\nname = "demo"\nversion = "1.0.0"\n';

describe('loadManifest', () => {
  let tmp: string;
  const write = (rel: string, text: string) => {
    const file = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-manifest-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('fills defaults and normalises dependencies, permissions and the runtime', async () => {
    write('index.js', '');
    const file = write('symphony.toml', `${MIN}
[runtime]
entry = "index.js"

[dependencies]
core = "^1.0.0"
extras = { version = ">=2.0.0", optional = true }
conflicts_with = ["legacy-thing"]

[security]
permissions = ["ui.panel", { name = "fs.write", scope = "out/**" }, { name = "net.http", scope = ["*.example.com"] }]
`);
    const r = await loadManifest(file);
    assert.deepEqual(r.diagnostics, []);
    const m = r.manifest!;
    assert.equal(m.id, 'demo');
    assert.equal(m.kind, 'ide');
    assert.equal(m.type, null);
    assert.deepEqual(m.runtime, { entry: 'index.js', language: 'js', activation_events: [], lazy: true });
    assert.deepEqual(m.dependencies, { core: { range: '^1.0.0', optional: false }, extras: { range: '>=2.0.0', optional: true } });
    assert.deepEqual(m.conflicts_with, ['legacy-thing']);
    assert.deepEqual(m.security, {
      permissions: [{ name: 'ui.panel', scope: [] }, { name: 'fs.write', scope: ['out/**'] }, { name: 'net.http', scope: ['*.example.com'] }],
      sandbox_level: 'strict',
      trust_level: 'untrusted',
    });
    assert.equal(m.engine.symphony_version, '*');
    assert.equal(m.dir, tmp);
  });

  it('infers python from a module:function entry and accepts the [extension_type] form', () => {
    const r = parseManifestText(`${MIN}[extension_type]\ntype = "operator"\n[runtime]\nentry = "pkg.mod:run"\n`, path.join(tmp, 'symphony.toml'), { fileExists: false });
    assert.equal(r.valid, true, JSON.stringify(r.diagnostics));
    assert.equal(r.manifest!.kind, 'aide');
    assert.equal(r.manifest!.type, 'operator');
    assert.equal(r.manifest!.runtime.language, 'python');
  });

  it('merges extends across formats and depths: tables deep, child wins, lists replaced', async () => {
    write('base/root.json', JSON.stringify({ package: { name: 'root', version: '0.0.1', license: 'MIT', keywords: ['a', 'b'] }, security: { permissions: ['ui.panel', 'fs.read'] }, performance: { limits: { memory_mb: 64, cpu_ms: 10 } } }));
    write('mid/symphony.yaml', 'extends: ../base/root.json\npackage:\n  description: from mid\nperformance:\n  limits:\n    cpu_ms: 20\n');
    const child = write('child/symphony.toml', 'extends = "../mid/symphony.yaml"\n[package]\nname = "child"\nversion = "2.0.0"\nkeywords = ["c"]\n[security]\npermissions = ["clipboard.read"]\n');
    const r = await loadManifest(child);
    assert.equal(r.valid, true, JSON.stringify(r.diagnostics));
    const m = r.manifest!;
    assert.equal(m.id, 'child');
    assert.equal(m.package.license, 'MIT');
    assert.equal(m.package.description, 'from mid');
    assert.deepEqual(m.package.keywords, ['c']);
    assert.deepEqual(m.security.permissions.map((p) => p.name), ['clipboard.read']);
    assert.deepEqual(m.performance.limits, { memory_mb: 64, cpu_ms: 20 });
  });

  it('reports a problem in a parent at the parent file and line', async () => {
    write('parent.toml', '[package]\nversion = "1.0.0"\n[runtime]\nlazy = "no"\n');
    const child = write('symphony.toml', 'extends = "parent.toml"\n[package]\nname = "kid"\n');
    const r = await loadManifest(child);
    const d = r.diagnostics.find((x) => x.path === 'runtime.lazy')!;
    assert.equal(d.file, path.join(tmp, 'parent.toml'));
    assert.equal(d.line, 4);
    assert.equal(d.suggestion, 'false');
  });

  it('names the whole chain for a missing parent deep in it, and for a three-file cycle', async () => {
    write('a/symphony.toml', 'extends = "../b/symphony.toml"\n' + MIN);
    write('b/symphony.toml', 'extends = "../c/gone.toml"\n');
    const missing = await loadManifest(path.join(tmp, 'a'));
    const d = missing.diagnostics.find((x) => x.code === 'ExtendsNotFound')!;
    assert.equal(d.file, path.join(tmp, 'b/symphony.toml'));
    assert.match(d.message, /gone\.toml/);
    assert.match(d.message, /a\/symphony\.toml → b\/symphony\.toml/);

    write('x/symphony.toml', 'extends = "../y/symphony.toml"\n' + MIN);
    write('y/symphony.toml', 'extends = "../z/symphony.toml"\n');
    write('z/symphony.toml', 'extends = "../x/symphony.toml"\n');
    const cycle = await loadManifest(path.join(tmp, 'x'));
    assert.equal(cycle.valid, false);
    const c = cycle.diagnostics.find((x) => x.code === 'ExtendsCycle')!;
    assert.equal(c.message.split('→').length, 4);
    assert.match(c.message, /x\/symphony\.toml → y\/symphony\.toml → z\/symphony\.toml → x\/symphony\.toml/);
    assert.equal(c.line, 1);
  });

  it('makes unknown fields errors in strict mode and suggests the closest field', () => {
    const text = `[schema_version]\nunknown_fields = "error"\n${MIN}descripton = "typo"\n`;
    const r = parseManifestText(text, path.join(tmp, 'symphony.toml'));
    assert.equal(r.valid, false);
    const d = r.diagnostics.find((x) => x.code === 'UnknownField')!;
    assert.equal(d.severity, 'error');
    assert.equal(d.path, 'package.descripton');
    assert.equal(d.line, 6);
    assert.equal(d.suggestion, 'description');
    assert.match(d.fix!, /did you mean "description"/);
  });

  it('explains an AIDE table in an IDE manifest and keeps the manifest usable', () => {
    const r = parseManifestText(`${MIN}[board]\ncategory = "x"\n`, path.join(tmp, 'symphony.toml'));
    assert.equal(r.valid, true);
    const d = r.diagnostics.find((x) => x.path === 'board')!;
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /type = "operator"/);
    assert.equal(r.manifest!.board, undefined);
  });

  it('translates the original layouts with one deprecation per field', () => {
    const r = parseManifestText(
      '[extension]\nid = "old-one"\nname = "Old One"\nversion = "0.2.0"\nmain = "main.js"\ntype = "motif"\n[capabilities]\nrequired = ["filesystem", "network", "teleport"]\n[ui]\ncommands = [{ command = "old-one.go", title = "Go" }]\n',
      path.join(tmp, 'Graviton.toml'),
      { fileExists: false },
    );
    assert.equal(r.valid, true, JSON.stringify(r.diagnostics));
    const m = r.manifest!;
    assert.equal(m.legacy, true);
    assert.equal(m.id, 'old-one');
    assert.equal(m.package.display_name, 'Old One');
    assert.equal(m.type, 'addon');
    assert.equal(m.runtime.entry, 'main.js');
    assert.deepEqual(m.security.permissions.map((p) => p.name), ['fs.read', 'fs.write', 'net.http']);
    assert.deepEqual(m.commands, [{ id: 'old-one.go', title: 'Go' }]);
    const notes = r.diagnostics.filter((d) => d.code === 'DeprecatedField');
    assert.ok(notes.some((d) => d.path === 'extension.id' && /package\] name/.test(d.message) && d.line === 2));
    assert.ok(notes.some((d) => /addon/.test(d.message)));
    assert.ok(r.diagnostics.some((d) => /teleport/.test(d.message) && d.line === 8));
  });

  it('points an error in a translated legacy field at the legacy line', () => {
    const r = parseManifestText('[extension]\nid = "Bad_Id"\nversion = "0.1.0"\n', path.join(tmp, 'extension.toml'), { fileExists: false });
    const d = r.diagnostics.find((x) => x.path === 'package.name')!;
    assert.equal(d.severity, 'error');
    assert.equal(d.line, 2);
    assert.equal(d.column, 6);
  });

  it('detects the format from content when the name says nothing', () => {
    assert.equal(formatFromContent('  {"package": {}}'), 'json');
    assert.equal(formatFromContent('# hi\n[package]\nname = "x"'), 'toml');
    assert.equal(formatFromContent('type = "addon"'), 'toml');
    assert.equal(formatFromContent('package:\n  name: x'), 'yaml');
    const r = parseManifestText('package:\n  name: sniffed\n  version: 1.0.0\n', path.join(tmp, 'MANIFEST'));
    assert.equal(r.format, 'yaml');
    assert.equal(r.manifest?.id, 'sniffed');
  });

  it('finds the manifest of a folder by priority, and reports a folder without one', async () => {
    write('symphony.yaml', '');
    write('extension.toml', '');
    assert.equal(await findManifestFile(tmp), path.join(tmp, 'symphony.yaml'));
    write('symphony.toml', '');
    assert.equal(await findManifestFile(tmp), path.join(tmp, 'symphony.toml'));
    assert.equal(await findManifestFile(path.join(tmp, 'nowhere')), undefined);
    fs.mkdirSync(path.join(tmp, 'empty'));
    const r = await loadManifest(path.join(tmp, 'empty'));
    assert.equal(r.valid, false);
    assert.equal(r.diagnostics[0]!.code, 'ManifestNotFound');
  });

  it('reports a manifest that is not a table instead of throwing', () => {
    for (const [text, name] of [['[1, 2]', 'symphony.json'], ['- a\n- b', 'symphony.yaml'], ['"just text"', 'symphony.json'], ['', 'symphony.yaml']] as const) {
      const r = parseManifestText(text, path.join(tmp, name));
      assert.equal(r.valid, false, text);
      assert.ok(r.diagnostics.length > 0);
    }
  });

  it('rejects an entry, Python module or melody file that does not exist, at its line', async () => {
    const js = await loadManifest(write('js/symphony.toml', `${MIN}[runtime]\nentry = "dist/index.js"\n`));
    assert.deepEqual(js.diagnostics.map((d) => [d.code, d.severity, d.line]), [['MissingEntry', 'error', 5]]);
    const py = await loadManifest(write('py/symphony.toml', `${MIN}[runtime]\nentry = "pkg.ops:run"\n`));
    assert.match(py.diagnostics[0]!.message, /pkg\/ops\.py/);
    write('py/pkg/ops/__init__.py', 'def run(items, params):\n    return items\n');
    assert.equal((await loadManifest(path.join(tmp, 'py'))).valid, true);
    const melody = await loadManifest(write('m/symphony.toml', `type = "melody"\n${MIN}[workflow]\nfile = "flows/x.melody"\n`));
    assert.equal(melody.diagnostics[0]!.code, 'MissingWorkflow');
    assert.equal(melody.diagnostics[0]!.line, 6);
  });

  it('follows extends to a folder, using the manifest inside it', async () => {
    write('base/symphony.yaml', 'package:\n  license: Apache-2.0\n');
    const child = write('app/symphony.toml', 'extends = "../base"\n' + MIN);
    const r = await loadManifest(child);
    assert.equal(r.valid, true, JSON.stringify(r.diagnostics));
    assert.equal(r.manifest!.package.license, 'Apache-2.0');
  });

  it('treats __proto__ and constructor as ordinary unknown fields', () => {
    const text = '{"package": {"name": "a", "version": "1.0.0", "constructor": 1}, "__proto__": {"polluted": true}, "extends": "nowhere.json"}';
    const r = parseManifestText(text, path.join(tmp, 'symphony.json'));
    assert.ok(r.diagnostics.some((d) => d.path === 'package.constructor' && d.code === 'UnknownField'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(r.diagnostics.some((d) => d.code === 'ExtendsNotFound'));
  });

  it('accepts only exact semantic versions and repairs the near ones', () => {
    for (const [version, fix] of [['v1.0.0', '1.0.0'], ['1.2', '1.2.0'], ['=2.0.0', '2.0.0']]) {
      const r = parseManifestText(`[package]\nname = "a"\nversion = "${version}"\n`, path.join(tmp, 'symphony.toml'));
      const d = r.diagnostics.find((x) => x.code === 'InvalidVersion');
      assert.equal(d?.suggestion, fix, version);
    }
    const float = parseManifestText('[package]\nname = "a"\nversion = 1.0\n', path.join(tmp, 'symphony.toml'));
    assert.equal(float.diagnostics[0]!.suggestion, '"1.0.0"');
  });

  it('gives format-specific fixes for a quoted number', () => {
    const json = parseManifestText('{"package": {"name": "a", "version": "1.0.0"}, "performance": {"startup_budget": "50"}}', path.join(tmp, 'symphony.json'));
    assert.match(json.diagnostics[0]!.fix!, /"startup_budget": 50/);
    const yaml = parseManifestText('package: {name: a, version: 1.0.0}\nperformance: {startup_budget: "50"}\n', path.join(tmp, 'symphony.yaml'));
    assert.match(yaml.diagnostics[0]!.fix!, /startup_budget: 50/);
    assert.equal(yaml.diagnostics[0]!.line, 2);
  });
});
