import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { stringify as toToml } from 'smol-toml';
import { stringify as toYaml } from 'yaml';
import { parseManifestText, type ManifestLoadResult } from '../../../../src/core/manifest';
import { parseSource } from '../../../../src/core/manifest/parse-source';

/**
 * Thousands of random and mutated manifests: the loader must never throw, and must answer with
 * well-formed diagnostics only. A fixed seed keeps failures reproducible.
 */

const corpusDir = path.resolve(__dirname, '../../../fixtures/manifests');
const corpus = fs.readdirSync(corpusDir).map((f) => ({ name: f, text: fs.readFileSync(path.join(corpusDir, f), 'utf8') }));

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE = ['"', "'", '[', ']', '[[', '{', '}', '=', ':', ',', '\n', '#', '\\', '-', ' ', '\t', '"""', '- ', '0', 'true', 'extends = "x"', '\u0000', '😀', '&a', '*a', '!!'];
const KEYS = ['package', 'name', 'version', 'type', 'extension', 'extends', 'security', 'permissions', 'commands', 'id', 'runtime', 'entry', 'language', 'dependencies', 'conflicts_with', 'board', 'scope', 'schema_version', 'unknown_fields', 'configuration', 'properties', 'default', 'ui', 'capabilities', 'required', 'workflow', 'file', '__proto__', 'constructor'];

function mutate(text: string, rand: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (out.length + 1));
    const kind = rand();
    if (kind < 0.3) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rand() * 8));
    else if (kind < 0.6) out = out.slice(0, at) + NOISE[Math.floor(rand() * NOISE.length)]! + out.slice(at);
    else if (kind < 0.8) {
      const lines = out.split('\n');
      const i = Math.floor(rand() * lines.length);
      const j = Math.floor(rand() * lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      out = lines.join('\n');
    } else {
      const lines = out.split('\n');
      lines.splice(Math.floor(rand() * lines.length), 1);
      out = lines.join('\n');
    }
  }
  return out;
}

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.35) {
    const scalars = [() => KEYS[Math.floor(rand() * KEYS.length)]!, () => Math.floor(rand() * 2000) - 1000, () => rand() < 0.5, () => 'fs.raed', () => '1.2', () => '^1.0.0', () => 'a:b', () => ''];
    return scalars[Math.floor(rand() * scalars.length)]!();
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const obj: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 5); i > 0; i--) obj[KEYS[Math.floor(rand() * KEYS.length)]!] = randomValue(rand, depth + 1);
  return obj;
}

function assertWellFormed(result: ManifestLoadResult, text: string, label: string): void {
  assert.ok(Array.isArray(result.diagnostics), label);
  const lines = text.split('\n').length + 1;
  for (const d of result.diagnostics) {
    assert.ok(['error', 'warning', 'info'].includes(d.severity), label);
    assert.equal(typeof d.code, 'string', label);
    assert.ok(d.message.length > 0, label);
    assert.notEqual(d.code, 'InternalError', `${label}: ${d.message}\n--- text ---\n${text}`);
    if (d.line !== undefined && d.file === result.file) {
      assert.ok(d.line >= 1 && d.line <= lines, `${label}: line ${d.line} outside 1..${lines}`);
      assert.ok((d.column ?? 1) >= 1, label);
    }
  }
  assert.equal(result.valid, !result.diagnostics.some((d) => d.severity === 'error'), label);
  if (result.valid) assert.ok(result.manifest, `${label}: a valid manifest comes with its effective manifest`);
  JSON.stringify(result); // what the CLI prints must serialise
}

describe('manifest fuzzing', function () {
  this.timeout(120_000);
  const opts = { fileExists: false as const, readFile: () => { throw Object.assign(new Error('no parents in fuzzing'), { code: 'ENOENT' }); } };

  it('survives 3,000 mutations of real manifests with diagnostics only', () => {
    const rand = rng(20261126);
    for (let i = 0; i < 3000; i++) {
      const base = corpus[i % corpus.length]!;
      const text = mutate(base.text, rand);
      const label = `mutation ${i} of ${base.name}`;
      assertWellFormed(parseManifestText(text, `/fuzz/${base.name}`, opts), text, label);
    }
  });

  it('survives 1,000 random documents in each format', () => {
    const rand = rng(7);
    for (let i = 0; i < 1000; i++) {
      const doc = randomValue(rand, 0);
      const table = doc && typeof doc === 'object' && !Array.isArray(doc) ? doc : { package: doc };
      const texts: Array<[string, string]> = [['symphony.json', JSON.stringify(doc)], ['symphony.yaml', toYaml(doc)]];
      try {
        texts.push(['symphony.toml', toToml(table)]);
      } catch {
        // smol-toml refuses some shapes (e.g. nested empty arrays of mixed types); skip those
      }
      for (const [name, text] of texts) assertWellFormed(parseManifestText(text, `/fuzz/${name}`, opts), text, `random ${i} as ${name}`);
    }
  });

  it('locates every value of 300 random documents exactly, in each format', () => {
    const rand = rng(99);
    const leaves = (v: unknown, p: Array<string | number>, out: Array<Array<string | number>>) => {
      if (Array.isArray(v)) v.forEach((x, i) => leaves(x, [...p, i], out));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, [...p, k], out);
      out.push(p);
      return out;
    };
    for (let i = 0; i < 300; i++) {
      const doc = { package: randomValue(rand, 0), [KEYS[i % KEYS.length]!]: randomValue(rand, 1) };
      const texts: Array<['toml' | 'json' | 'yaml', string]> = [['json', JSON.stringify(doc, null, i % 2 ? 2 : 0)], ['yaml', toYaml(doc)]];
      try {
        texts.push(['toml', toToml(doc)]);
      } catch {
        // not every random shape is expressible in TOML
      }
      for (const [format, text] of texts) {
        const src = parseSource(text, format);
        assert.deepEqual(src.syntaxErrors, [], `${format}: ${text}`);
        for (const p of leaves(src.data, [], [])) {
          if (p.length === 0) continue;
          assert.equal(src.locate(p).exact, true, `${format}: ${JSON.stringify(p)} not located in\n${text}`);
        }
      }
    }
  });

  it('keeps the corpus itself loadable, so mutations start from real manifests', () => {
    for (const { name, text } of corpus) {
      const r = parseManifestText(text, path.join(corpusDir, name), { fileExists: false });
      assert.equal(r.valid, true, `${name}: ${JSON.stringify(r.diagnostics)}`);
    }
  });
});
