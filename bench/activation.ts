// Activation cost of the Symphony host inside a real VS Code (code-server's extension host), as
// recorded by test/integration/activation.test.ts in test-results/activation.json. Runs the
// integration layer first when no recording exists. Baseline, measured in the same host during the
// same run: loading and activating an extension module that does nothing.
//
//   npx tsx bench/activation.ts      (target: activate() < 50 ms)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

interface ActivationRecord {
  activationMs: number;
  activateCallMs: number;
  emptyExtensionMs: number;
  baseline?: string;
  vscodeVersion: string;
  node: string;
  measuredAt: string;
}

const repoRoot = path.resolve(__dirname, '..');
const file = path.join(repoRoot, 'test-results/activation.json');

if (!fs.existsSync(file)) {
  console.log('no activation recording yet; running the integration layer (node scripts/test-all.mjs integration)…');
  spawnSync(process.execPath, [path.join(repoRoot, 'scripts/test-all.mjs'), 'integration'], { stdio: 'inherit' });
}
if (!fs.existsSync(file)) {
  console.error(`${path.relative(repoRoot, file)} was not written; see the integration output above`);
  process.exit(1);
}

const r = JSON.parse(fs.readFileSync(file, 'utf8')) as ActivationRecord;
const ratio = (ms: number) => `${Number((ms / r.emptyExtensionMs).toPrecision(2))}× baseline`;
const row = (label: string, ms: number, note: string) => console.log(`  ${label.padEnd(34)} ${ms.toFixed(2).padStart(8)} ms   ${note}`);
console.log(`activation — VS Code ${r.vscodeVersion}, Node ${r.node}, measured ${r.measuredAt}`);
row('activate() (extension.ts)', r.activationMs, `${ratio(r.activationMs)}; target < 50 ms`);
row('load bundle + activate()', r.activateCallMs, ratio(r.activateCallMs));
row('empty extension: load + activate', r.emptyExtensionMs, `baseline (${r.baseline ?? 'empty module'})`);
