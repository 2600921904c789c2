import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonObject, JsonValue } from '../../../../src/core/operators/operator';

/** The repository root (four levels above this file). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** The shared n8n fixtures (workflows with n8n's own results), if present on this machine. */
export const SHARED_N8N = path.resolve(REPO_ROOT, '../shared/fixtures/n8n');

/** Our own extra workflows. */
export const OWN_N8N = path.resolve(REPO_ROOT, 'test/fixtures/n8n');

/** One workflow and the result n8n recorded for it. */
export interface N8nCase {
  name: string;
  workflow: JsonObject;
  expected?: { nodes: Record<string, JsonObject[][]>; lastNode?: string };
}

/** Every `W.workflow.json` in `dir`, with `W.expected.json` when there is one. */
export function loadCases(dir: string): N8nCase[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.workflow.json'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.workflow.json'.length);
      const expectedFile = path.join(dir, `${name}.expected.json`);
      return {
        name,
        workflow: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as JsonObject,
        expected: fs.existsSync(expectedFile) ? JSON.parse(fs.readFileSync(expectedFile, 'utf8')) : undefined,
      };
    });
}

/** JSON with object keys sorted, so key order does not count when comparing. */
export function canonical(value: JsonValue | undefined): string {
  const sort = (v: JsonValue | undefined): JsonValue | undefined => {
    if (Array.isArray(v)) return v.map((x) => sort(x) ?? null);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])!]));
    return v;
  };
  return JSON.stringify(sort(value)) ?? 'undefined';
}

/** A readable report of how one node's outputs differ (port, item index, expected vs actual). */
export function diffOutputs(node: string, expected: JsonObject[][], actual: JsonObject[][]): string[] {
  const lines: string[] = [];
  if (expected.length !== actual.length) lines.push(`  ${node}: ${expected.length} output(s) expected, ${actual.length} produced`);
  for (let p = 0; p < Math.max(expected.length, actual.length); p++) {
    const e = expected[p] ?? [];
    const a = actual[p] ?? [];
    if (canonical(e) === canonical(a)) continue;
    lines.push(`  ${node} output ${p}: ${e.length} item(s) expected, ${a.length} produced`);
    for (let i = 0; i < Math.max(e.length, a.length); i++) {
      if (canonical(e[i]) === canonical(a[i])) continue;
      lines.push(`    item ${i}: expected ${canonical(e[i])}`);
      lines.push(`    item ${i}:   actual ${canonical(a[i])}`);
    }
  }
  return lines;
}
