// Expression evaluation cost per item: the expression engine evaluating n8n-style parameters for
// each of N items, against a plain JS function doing the same work (the baseline, measured in the
// same run). Parsed expressions are cached by their text, so after the first item only evaluation
// is measured; the cold row parses every time (cache cleared per call).
//
// The engine is measured as it ships: bundled by esbuild into one module (under tsx every import
// between modules goes through a getter, which costs more than the work itself).
//
//   npx tsx bench/expression-eval.ts [--items 100000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type * as Engine from '../src/core/expression';
import type { ExpressionScope } from '../src/core/expression';
import type { Item } from '../src/core/operators/operator';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'expression-bench-'));
const outfile = path.join(dir, 'expression.cjs');
esbuild.buildSync({ entryPoints: [path.resolve(__dirname, '../src/core/expression/index.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is built above, at run time
const { clearExpressionCache, evaluateParameter } = require(outfile) as typeof Engine;
fs.rmSync(dir, { recursive: true, force: true });

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('items', 100_000);

const items: Item[] = Array.from({ length: N }, (_, i) => ({ json: { a: i, b: i * 2, name: `user ${i}`, tags: ['x', 'y', 'z'] } }));
const scope: ExpressionScope = { run: { get: () => undefined }, node: { id: 'bench' }, inputs: [items], itemIndex: 0, now: new Date('2024-01-01T00:00:00Z') };
const where = { nodeId: 'bench', parameter: 'value' };

// Keeps results alive so nothing is optimised away; `| 0` keeps it a small integer, so the sink
// itself never allocates (a growing float would, and would be billed to the row).
let sink = 0;
function consume(v: unknown) {
  if (typeof v === 'number') sink = (sink + v) | 0;
  else if (typeof v === 'string') sink = (sink + v.length) | 0;
  else if (v) sink = (sink + 1) | 0;
}

function engine(text: string) {
  return (i: number) => {
    scope.itemIndex = i;
    return evaluateParameter(text, scope, where);
  };
}

interface Row {
  label: string;
  run: (i: number) => unknown;
  count: number;
  best: number;
}

const coldCount = Math.min(N, 20_000);
const rows: Row[] = [
  // The baseline: what a hand-written function does for the same parameter.
  { label: 'plain JS function (json.a + json.b)', run: (i) => { const json = items[i]!.json as { a: number; b: number }; return json.a + json.b; }, count: N, best: Infinity },
  { label: '={{ $json.a + $json.b }}', run: engine('={{ $json.a + $json.b }}'), count: N, best: Infinity },
  { label: '=Hello {{ $json.name }}!', run: engine('=Hello {{ $json.name }}!'), count: N, best: Infinity },
  { label: "={{ $json.tags.map(t => t.toUpperCase()).join(',') }}", run: engine("={{ $json.tags.map(t => t.toUpperCase()).join(',') }}"), count: N, best: Infinity },
  { label: '={{ $json.a > 10 ? "big" : "small" }}', run: engine('={{ $json.a > 10 ? "big" : "small" }}'), count: N, best: Infinity },
  {
    label: '={{ $json.a + $json.b }} parsed every time (no cache)',
    run: (i) => {
      clearExpressionCache();
      return engine('={{ $json.a + $json.b }}')(i);
    },
    count: coldCount,
    best: Infinity,
  },
];

// Rounds alternate between rows, and each row keeps its best round, so a busy machine slows every
// row alike instead of whichever happened to run at the wrong moment. An untimed pass before each
// timed one lets the garbage of the previous row be collected outside the measurement.
for (let round = 0; round < 7; round++) {
  for (const row of rows) {
    for (let i = 0; i < Math.min(row.count, 20_000); i++) consume(row.run(i));
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < row.count; i++) consume(row.run(i));
    row.best = Math.min(row.best, Number(process.hrtime.bigint() - t0) / row.count);
  }
}

const baseline = rows[0]!.best;
const fmt = (ns: number) => `${ns.toFixed(1).padStart(9)} ns/op`;
console.log(`expression evaluation, ${N} items, Node ${process.version}`);
for (const row of rows) console.log(`  ${row.label.padEnd(58)} ${fmt(row.best)}   ${row === rows[0] ? 'baseline' : `${(row.best / baseline).toFixed(1)}× baseline`}`);
if (sink === 0.5) console.log('');
