/**
 * Manifest parse + validate cost (DESIGN.md budget: < 1 ms per manifest; issue target: 1,000
 * manifests < 0.5 s), each beside a baseline measured in the same run: the bare parser of the
 * same text (smol-toml, JSON.parse, yaml), which is the floor any validation adds to.
 *
 *   npx tsx bench/manifest-parse.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse as parseToml, stringify as toToml } from 'smol-toml';
import { parse as parseYamlText, stringify as toYaml } from 'yaml';
import { loadManifest, parseManifestText } from '../src/core/manifest';

const typicalToml = fs.readFileSync(path.resolve(__dirname, '../test/fixtures/manifests/full-ide.toml'), 'utf8');
const data = parseToml(typicalToml);
const texts = {
  toml: { text: typicalToml, bare: (t: string) => parseToml(t) },
  json: { text: JSON.stringify(data, null, 2), bare: (t: string) => JSON.parse(t) as unknown },
  yaml: { text: toYaml(data), bare: (t: string) => parseYamlText(t) as unknown },
};
const opts = { fileExists: false as const };

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeEach(runs: number, fn: () => void): number {
  for (let i = 0; i < 200; i++) fn(); // warm up the JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Wall-clock and CPU milliseconds of one run (CPU time is steadier on a shared machine). */
function timeTotal(fn: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);

console.log('manifest parse + validate (median of 2,000 runs)');
for (const [format, { text, bare }] of Object.entries(texts)) {
  const file = `/bench/symphony.${format}`;
  const check = parseManifestText(text, file, opts);
  if (!check.valid) throw new Error(`${format} bench manifest is invalid: ${JSON.stringify(check.diagnostics)}`);
  const full = timeEach(2000, () => parseManifestText(text, file, opts));
  const base = timeEach(2000, () => bare(text));
  console.log(`  ${format.padEnd(5)} ${fmt(full).padStart(10)}   baseline bare parse ${fmt(base).padStart(10)}   ratio ${(full / base).toFixed(1)}x   target < 1 ms: ${full < 1 ? 'met' : 'MISSED'}`);
}

// 1,000 distinct manifests (names and versions differ, as in a real extensions folder).
const many = Array.from({ length: 1000 }, (_, i) => {
  const d = structuredClone(data) as { package: { name: string; version: string } };
  d.package.name = `ext-${i}`;
  d.package.version = `1.${i % 50}.${i % 7}`;
  return toToml(d);
});
for (let i = 0; i < 3; i++) for (const t of many.slice(0, 100)) parseManifestText(t, '/bench/symphony.toml', opts);
const manyFull = timeTotal(() => many.forEach((t) => parseManifestText(t, '/bench/symphony.toml', opts)));
const manyBase = timeTotal(() => many.forEach((t) => parseToml(t)));
console.log(
  `\n1,000 manifests in memory (TOML)  wall ${fmt(manyFull.wall)}, cpu ${fmt(manyFull.cpu)}   baseline bare parse wall ${fmt(manyBase.wall)}, cpu ${fmt(manyBase.cpu)}   ratio ${(manyFull.cpu / manyBase.cpu).toFixed(1)}x (cpu)   target < 500 ms: ${manyFull.wall < 500 ? 'met' : manyFull.cpu < 500 ? 'met in CPU time (wall clock slowed by other load)' : 'MISSED'}`,
);
console.log(`load average while measuring: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);

// The same from disk through loadManifest (folder lookup, read, parse, validate, entry check).
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-bench-'));
try {
  many.forEach((t, i) => {
    fs.mkdirSync(path.join(tmp, `e${i}`));
    fs.writeFileSync(path.join(tmp, `e${i}`, 'symphony.toml'), t);
  });
  const dirs = many.map((_, i) => path.join(tmp, `e${i}`));
  void (async () => {
    const t0 = performance.now();
    for (const d of dirs) await loadManifest(d);
    const disk = performance.now() - t0;
    const t1 = performance.now();
    for (const d of dirs) parseToml(await fs.promises.readFile(path.join(d, 'symphony.toml'), 'utf8'));
    const diskBase = performance.now() - t1;
    console.log(`1,000 manifests from disk         ${fmt(disk).padStart(10)}   baseline read + bare parse ${fmt(diskBase).padStart(10)}   ratio ${(disk / diskBase).toFixed(1)}x`);
    fs.rmSync(tmp, { recursive: true, force: true });
  })();
} catch (e) {
  fs.rmSync(tmp, { recursive: true, force: true });
  throw e;
}
