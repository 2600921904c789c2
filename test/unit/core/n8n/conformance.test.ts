import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Conductor, createDefaultRegistry } from '../../../../src/core/conductor/index';
import { importN8nWorkflow, registerOpaqueN8nOperators } from '../../../../src/core/n8n/index';
import { registerCoreOperators } from '../../../../src/core/operators/core/index';
import type { JsonObject } from '../../../../src/core/operators/operator';
import { OWN_N8N, SHARED_N8N, type N8nCase, diffOutputs, loadCases } from './n8n-fixtures';

/**
 * THE conformance test: every n8n workflow with a recorded n8n result, imported and run by the
 * real conductor, must give exactly n8n's items per node and output (order counts, key order does
 * not), and nodes n8n did not run must not complete.
 */
async function runCase(c: N8nCase, workspaceRoot: string): Promise<string[]> {
  const { melody, diagnostics } = importN8nWorkflow(c.workflow, { file: `${c.name}.workflow.json` });
  assert.ok(melody, `import failed: ${diagnostics.map((d) => d.message).join('; ')}`);
  const registry = createDefaultRegistry();
  if (!registry.has('core.set')) registerCoreOperators(registry);
  registerOpaqueN8nOperators(registry, melody);
  const conductor = new Conductor({ registry, workspaceRoot, history: false, now: () => new Date('2026-01-01T00:00:00Z') });
  const result = await conductor.run(melody);
  const problems: string[] = [];
  if (result.diagnostics.some((d) => d.severity === 'error')) problems.push(`  invalid melody: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  const expected = c.expected!.nodes;
  for (const [name, outputs] of Object.entries(expected)) {
    const node = result.nodes[name];
    if (!node || node.state !== 'Completed') {
      problems.push(`  ${name}: n8n ran it, ours is ${node?.state ?? 'absent'}${node?.error ? ` (${node.error.message})` : node?.reason ? ` (${node.reason})` : ''}`);
      continue;
    }
    problems.push(...diffOutputs(name, outputs, (node.outputs ?? []).map((port) => port.map((i) => i.json as JsonObject))));
  }
  for (const [name, node] of Object.entries(result.nodes)) {
    if (!(name in expected) && node.state === 'Completed') problems.push(`  ${name}: n8n did not run it, ours completed it`);
  }
  return problems;
}

describe('n8n conformance (shared fixtures, n8n 2.41 results)', function () {
  const cases = [...loadCases(SHARED_N8N), ...loadCases(OWN_N8N)].filter((c) => c.expected);
  let workspace: string;
  const failures = new Map<string, string[]>();

  before(function () {
    if (!fs.existsSync(SHARED_N8N)) this.skip();
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-n8n-'));
  });

  after(function () {
    if (!workspace) return;
    fs.rmSync(workspace, { recursive: true, force: true });
    const ran = cases.length;
    process.stdout.write(`\n  n8n conformance: ${ran - failures.size} of ${ran} workflows match n8n's results\n`);
  });

  if (!fs.existsSync(SHARED_N8N)) {
    it('needs ../shared/fixtures/n8n', function () {
      this.skip();
    });
  }

  for (const c of cases) {
    it(`${c.name} gives n8n's items per node and output`, async () => {
      const problems = await runCase(c, workspace);
      if (problems.length) failures.set(c.name, problems);
      assert.equal(problems.length, 0, `\n${c.name} differs from n8n:\n${problems.join('\n')}`);
    });
  }
});
