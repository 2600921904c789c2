// Discovery + dependency resolution of 200 sub-extensions (cold, then warm with the manifest
// cache), against reading the same 200 manifest files with no parsing as the baseline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverExtensions } from '../src/core/extensions/discover-extensions';
import { ManifestCache } from '../src/core/extensions/manifest-cache';
import { resolveDependencies } from '../src/core/extensions/resolve-dependencies';
import { findManifestFile } from '../src/core/extensions/discover-extensions';

const N = 200;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-bench-ext-'));
for (let i = 0; i < N; i++) {
  const dir = path.join(root, `ext-${i}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'index.js'), 'exports.activate = () => {};');
  // A layered graph: each extension depends on up to two earlier ones.
  const deps = [i - 1, i - 7].filter((d) => d >= 0).map((d) => `ext-${d} = "^1.0.0"`).join('\n');
  fs.writeFileSync(
    path.join(dir, 'symphony.toml'),
    `[package]\nname = "ext-${i}"\nversion = "1.0.${i}"\ndescription = "bench"\n\n[engine]\nsymphony_version = ">=0.1.0"\n\n[runtime]\nentry = "index.js"\nactivation_events = ["onCommand:ext-${i}.run"]\n\n[security]\npermissions = ["fs.read", { name = "net.http", scope = ["api.example.com"] }]\n\n[dependencies]\n${deps}\n\n[[commands]]\nid = "ext-${i}.run"\ntitle = "Run ${i}"\n`,
  );
}

function time(fn: () => void, runs: number): number {
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const roots = [{ dir: root, source: 'workspace' as const }];
const baseline = time(() => {
  for (const d of fs.readdirSync(root)) fs.readFileSync(findManifestFile(path.join(root, d))!, 'utf8');
}, 9);
const cold = time(() => resolveDependencies(discoverExtensions(roots, new ManifestCache())), 5);
const cache = new ManifestCache();
discoverExtensions(roots, cache);
const warm = time(() => resolveDependencies(discoverExtensions(roots, cache)), 9);
const order = resolveDependencies(discoverExtensions(roots, cache)).loadOrder.length;
fs.rmSync(root, { recursive: true, force: true });

console.log(`sub-extension discovery + resolution, ${N} extensions (median)`);
console.log(`  baseline: read the ${N} manifest files      ${baseline.toFixed(1)} ms`);
console.log(`  cold (parse + validate + resolve)         ${cold.toFixed(1)} ms   ratio ${(cold / baseline).toFixed(1)}×   target < 100 ms`);
console.log(`  warm (content-hash cache + resolve)       ${warm.toFixed(1)} ms   ratio ${(warm / baseline).toFixed(1)}×`);
console.log(`  load order holds ${order} of ${N}`);
