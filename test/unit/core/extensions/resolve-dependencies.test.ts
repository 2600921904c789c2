import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverExtensions } from '../../../../src/core/extensions/discover-extensions';
import { ManifestCache } from '../../../../src/core/extensions/manifest-cache';
import { resolveDependencies } from '../../../../src/core/extensions/resolve-dependencies';

/** Writes a minimal valid extension folder. */
function ext(root: string, name: string, extra = '', version = '1.0.0'): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.js'), 'exports.activate = () => {};');
  fs.writeFileSync(
    path.join(dir, 'symphony.toml'),
    `[package]\nname = "${name}"\nversion = "${version}"\n\n[runtime]\nentry = "index.js"\n${extra}`,
  );
  return dir;
}

describe('resolveDependencies', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-ext-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const resolve = (version?: string) => resolveDependencies(discoverExtensions([{ dir: root, source: 'workspace' }]), version);

  it('reports a three-way cycle as a path and blocks its dependents, not bystanders', () => {
    ext(root, 'a', '\n[dependencies]\nb = "*"\n');
    ext(root, 'b', '\n[dependencies]\nc = "*"\n');
    ext(root, 'c', '\n[dependencies]\na = "*"\n');
    ext(root, 'user', '\n[dependencies]\na = "*"\n');
    ext(root, 'free');
    const r = resolve();
    const cycle = r.problems.find((p) => p.code === 'DependencyCycle');
    assert.deepEqual(cycle?.cycle, ['a', 'b', 'c', 'a']);
    assert.match(cycle!.message, /a → b → c → a/);
    assert.deepEqual(r.loadOrder, ['free']);
    assert.ok(r.problems.some((p) => p.extension === 'user' && p.code === 'MissingDependency' && /cannot load/.test(p.message)));
  });

  it('checks the engine range against the host version', () => {
    ext(root, 'future', '\n[engine]\nsymphony_version = ">=9.0.0"\n');
    ext(root, 'today', '\n[engine]\nsymphony_version = ">=0.1.0"\n');
    const r = resolve('0.1.0');
    assert.deepEqual(r.loadOrder, ['today']);
    const p = r.problems.find((x) => x.code === 'EngineIncompatible')!;
    assert.match(p.message, /future needs Symphony >=9\.0\.0 but this is Symphony 0\.1\.0/);
  });

  it('lets a workspace copy override a user copy, and refuses two copies in one place', () => {
    const user = path.join(root, 'user');
    const ws = path.join(root, 'ws');
    ext(user, 'tool', '', '1.0.0');
    ext(ws, 'tool', '', '2.0.0');
    const r = resolveDependencies(discoverExtensions([{ dir: user, source: 'user' }, { dir: ws, source: 'workspace' }]));
    assert.equal(r.extensions.find((e) => e.id === 'tool')!.manifest!.version, '2.0.0');
    assert.equal(r.problems.find((p) => p.code === 'DuplicateExtension')!.severity, 'warning');
    ext(path.join(ws, 'copy'), 'tool');
    fs.renameSync(path.join(ws, 'copy', 'tool'), path.join(ws, 'tool-copy'));
    const same = resolveDependencies(discoverExtensions([{ dir: ws, source: 'workspace' }]));
    assert.equal(same.problems.find((p) => p.code === 'DuplicateExtension')!.severity, 'error');
  });

  it('names the file and line of an invalid manifest, and loads the others', () => {
    ext(root, 'good');
    const bad = path.join(root, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'symphony.toml'), '[package]\nname = "bad"\nversion = "not-semver"\n');
    const r = resolve();
    const p = r.problems.find((x) => x.code === 'InvalidManifest')!;
    assert.match(p.message, /symphony\.toml:3/);
    assert.deepEqual(r.loadOrder, ['good']);
  });

  it('orders ties alphabetically and dependencies first', () => {
    ext(root, 'zeta');
    ext(root, 'alpha', '\n[dependencies]\nzeta = "^1.0.0"\n');
    ext(root, 'mid');
    assert.deepEqual(resolve().loadOrder, ['mid', 'zeta', 'alpha']);
  });

  it('re-parses only the manifests that changed', () => {
    ext(root, 'one');
    const two = ext(root, 'two');
    const cache = new ManifestCache();
    discoverExtensions([{ dir: root, source: 'workspace' }], cache);
    assert.equal(cache.misses, 2);
    fs.appendFileSync(path.join(two, 'symphony.toml'), '\n[engine]\nsymphony_version = ">=0.1.0"\n');
    discoverExtensions([{ dir: root, source: 'workspace' }], cache);
    assert.equal(cache.misses, 3);
    assert.equal(cache.hits, 1);
  });
});
