#!/usr/bin/env node
// Runs every bench/*.ts in turn (`npm run bench`). Benchmarks print figures and ratios to a baseline
// measured in the same run; they never fail on timing, only when one cannot run at all.
//   node scripts/bench-all.mjs [name…]      e.g. node scripts/bench-all.mjs activation
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const benches = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .filter((f) => !only.length || only.includes(path.basename(f, '.ts')))
  .sort();
if (!benches.length) {
  console.error(`no benchmark matches ${only.join(', ')}`);
  process.exit(2);
}

const broken = [];
for (const bench of benches) {
  console.log(`\n━━ bench/${bench} ${'━'.repeat(Math.max(4, 60 - bench.length))}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', bench)], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) broken.push(bench);
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s${run.status !== 0 ? `, exited with ${run.status ?? run.signal}` : ''})`);
}
if (broken.length) {
  console.error(`\n${broken.length} benchmark(s) could not run: ${broken.join(', ')}`);
  process.exit(1);
}
