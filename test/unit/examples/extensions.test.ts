// The workspace sub-extensions of examples/.symphony/extensions/ (a JavaScript operator in the
// sandbox, a Python operator in the worker pool) and examples/extensions.melody, which uses both:
// run headless by the built CLI (which loads the workspace's .symphony/extensions), and offered
// through the core API the editor uses (an ExtensionHost kept in step with the registry by
// syncExtensionOperators).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runExec } from '../../../src/cli/verbs/exec';
import { createDefaultRegistry } from '../../../src/core/conductor/index';
import { ExtensionHost, syncExtensionOperators } from '../../../src/core/extensions/index';
import { parseMelodyText, validateMelody } from '../../../src/core/melody/index';
import type { OperatorRegistry } from '../../../src/core/operators/operator-registry';
import { PythonWorkerPool } from '../../../src/core/python/index';
import { SandboxExtensionRuntime, SandboxRuntime } from '../../../src/core/sandbox/index';
import { PermissionGate } from '../../../src/core/security/index';
import { buildWorker } from '../core/sandbox/worker-bundle';
import { symphonyBundle } from './cli-bundle';
import { copyExamples, describeRun, type ExampleWorkspace, itemsByNode, type RunJson } from './examples-workspace';

const POSTS = [
  { title: 'Hello, Symphony!', text: 'A first melody.\nIt runs on the board and in CI.' },
  { title: 'Operators in Python & JavaScript', text: 'Write a function, declare it, use it.' },
];

/** The editor's wiring, without the editor: sandboxed JS, pooled Python, one registry. */
interface Wiring {
  host: ExtensionHost;
  registry: OperatorRegistry;
  dispose(): Promise<void>;
}

async function wire(workspace: string): Promise<Wiring> {
  const sandboxes = new SandboxRuntime({ gate: new PermissionGate({ policy: 'permissive' }), workspaceRoot: workspace, launch: { workerPath: await buildWorker() } });
  const pools: PythonWorkerPool[] = [];
  const problems: string[] = [];
  const host = new ExtensionHost({
    roots: () => [{ dir: path.join(workspace, '.symphony/extensions'), source: 'workspace' }],
    runtime: new SandboxExtensionRuntime(sandboxes),
    logFor: (id) => (level, message) => level === 'error' && problems.push(`${id}: ${message}`),
  });
  const registry = createDefaultRegistry();
  const sync = syncExtensionOperators(host, registry, {
    pythonPool: (manifest) => {
      const pool = new PythonWorkerPool({ paths: [manifest.dir], cwd: workspace });
      pools.push(pool);
      return pool;
    },
    onProblem: (id, message) => problems.push(`${id}: ${message}`),
  });
  const resolution = await host.refresh();
  assert.deepEqual([resolution.problems, problems], [[], []]);
  return {
    host,
    registry,
    async dispose() {
      sync.dispose();
      await host.dispose();
      sandboxes.dispose();
      for (const p of pools) p.dispose();
    },
  };
}

describe('examples/.symphony/extensions and extensions.melody', function () {
  this.timeout(60_000);
  let ws: ExampleWorkspace;
  let wiring: Wiring | undefined;
  before(function () {
    if (spawnSync('python3', ['--version']).status !== 0) this.skip(); // no Python here; .ci/run installs python3
  });
  beforeEach(() => (ws = copyExamples()));
  afterEach(async () => {
    await wiring?.dispose();
    wiring = undefined;
    ws.cleanup();
  });

  it('offers the JS and the Python operator with the parameters their manifests declare', async () => {
    wiring = await wire(ws.dir);
    const describe = (id: string) => {
      const d = wiring!.registry.get(id)?.description;
      return d && { id: d.id, displayName: d.displayName, category: d.category, source: d.source, inputs: d.inputs.map((p) => p.name), outputs: d.outputs.map((p) => p.name), params: d.params.map((p) => [p.name, p.type, p.default]) };
    };
    assert.deepEqual(describe('slugify.make'), { id: 'slugify.make', displayName: 'Slugify', category: 'Text', source: 'extension', inputs: ['main'], outputs: ['main'], params: [['field', 'string', 'title'], ['separator', 'string', '-']] });
    assert.deepEqual(describe('text-stats.word-count'), { id: 'text-stats.word-count', displayName: 'Text stats', category: 'Text', source: 'python', inputs: ['main'], outputs: ['main'], params: [['field', 'string', 'text']] });
  });

  it('symphony run extensions.melody: titles slugified in the sandbox, words counted in Python', async () => {
    const result = await symphonyBundle(ws.dir, 'run', 'extensions.melody', '--json');
    const run = JSON.parse(result.stdout) as RunJson;
    assert.equal(result.code, 0, `${describeRun(run)}\n${result.stderr}`);
    const slugged = [
      { ...POSTS[0]!, slug: 'hello-symphony' },
      { ...POSTS[1]!, slug: 'operators-in-python-javascript' },
    ];
    assert.deepEqual(itemsByNode(run), {
      start: [[{}]],
      posts: [[{ posts: POSTS }]],
      split: [POSTS],
      slug: [slugged],
      stats: [[{ ...slugged[0]!, words: 11, lines: 2 }, { ...slugged[1]!, words: 7, lines: 1 }]],
    });
    const runs = fs.readdirSync(path.join(ws.dir, '.symphony/runs'));
    assert.equal(runs.length, 1);
    assert.match(runs[0]!, /-workspace-operators\.json$/);
  });

  it('the registry the editor builds validates extensions.melody', async () => {
    wiring = await wire(ws.dir);
    const loaded = parseMelodyText(fs.readFileSync(path.join(ws.dir, 'extensions.melody'), 'utf8'), 'extensions.melody');
    assert.deepEqual(validateMelody(loaded.doc, wiring.registry).filter((d) => d.severity === 'error'), []);
    assert.deepEqual(validateMelody(loaded.doc, createDefaultRegistry()).filter((d) => d.severity === 'error').map((d) => d.code), ['UnknownOperator', 'UnknownOperator'], 'without the extensions the two operators are unknown');
  });

  it('drops an operator when its extension folder goes away, without a restart', async () => {
    wiring = await wire(ws.dir);
    fs.rmSync(path.join(ws.dir, '.symphony/extensions/slugify'), { recursive: true });
    await wiring.host.refresh();
    assert.equal(wiring.registry.has('slugify.make'), false);
    assert.equal(wiring.registry.has('text-stats.word-count'), true);
  });

  it('symphony exec runs the JS operator\'s command with a request like the conductor\'s', async () => {
    let stdout = '';
    let stderr = '';
    const request = { items: [{ title: 'Ça marche, déjà!' }, { name: 'Tide tables' }], params: { field: 'title', separator: '_' }, itemParams: [{ field: 'title', separator: '_' }, { field: 'name', separator: '.' }] };
    const code = await runExec(
      { args: ['--dir', '.symphony/extensions', 'slugify.make', '--args', JSON.stringify(request), '--json'], cwd: ws.dir, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
      { workerPath: await buildWorker() },
    );
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout), { ok: true, command: 'slugify.make', result: [{ title: 'Ça marche, déjà!', slug: 'ca_marche_deja' }, { name: 'Tide tables', slug: 'tide.tables' }] });
  });
});
