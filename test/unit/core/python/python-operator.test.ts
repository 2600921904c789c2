import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { Item, JsonValue, LogLevel, OperatorContext } from '../../../../src/core/operators/operator';
import { OperatorRegistry } from '../../../../src/core/operators/operator-registry';
import { describePythonModule, type PythonOperatorManifest, pythonOperatorFromManifest, registerPythonOperators } from '../../../../src/core/python/discover-python-operators';
import { isPythonError } from '../../../../src/core/python/python-errors';
import { createPythonCallOperator } from '../../../../src/core/python/python-call-operator';
import { createPythonOperator } from '../../../../src/core/python/python-operator';
import type { PythonWorkerPool } from '../../../../src/core/python/python-worker-pool';
import { examplesDir, fixturePool, repoRoot, requirePython } from './python-test-setup';

/** A context like the conductor's: `={{ $json.x }}` parameters read field x of the item. */
function context(rawParams: Record<string, JsonValue>, items: Item[], logs: string[] = [], progress: number[] = []): OperatorContext {
  return {
    nodeId: 'n1',
    nodeName: 'Python node',
    rawParams,
    workspaceRoot: repoRoot,
    param<T>(name: string, itemIndex = 0, fallback?: T): T {
      const raw = rawParams[name];
      if (raw === undefined) return fallback as T;
      const expr = typeof raw === 'string' ? /^=\{\{\s*\$json\.(\w+)\s*\}\}$/.exec(raw) : null;
      return (expr ? items[itemIndex]?.json[expr[1]!] : raw) as T;
    },
    log: (level: LogLevel, message: string) => logs.push(`${level}: ${message}`),
    progress: (fraction: number) => progress.push(fraction),
    services: {},
  };
}

const items = (...ns: number[]): Item[] => ns.map((n) => ({ json: { n } }));

describe('Python operators in the operator registry', function () {
  this.timeout(30_000);
  let pool: PythonWorkerPool;

  before(async function () {
    await requirePython(this);
  });

  beforeEach(() => {
    ({ pool } = fixturePool({ paths: [path.join(repoRoot, 'test/fixtures/python'), examplesDir, path.join(examplesDir, 'text-stats')] }));
  });

  afterEach(() => pool.dispose());

  it('discovers @operator functions and runs them with per-item parameters and logs', async () => {
    const { operators, diagnostics } = await describePythonModule(pool, 'node_ops.good_ops');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(operators.map((o) => [o.description.id, o.entry]), [
      ['fixtures.scale', 'node_ops.good_ops:scale'],
      ['fixtures.route', 'node_ops.good_ops:route'],
    ]);
    const scale = operators[0]!;
    assert.equal(scale.description.source, 'python');
    assert.deepEqual(scale.description.params[0], { name: 'factor', type: 'number', default: 2, description: 'Multiplier' });

    const registry = new OperatorRegistry();
    const registration = registerPythonOperators(registry, operators, pool);
    const op = registry.get('fixtures.scale')!;
    const input = [{ json: { n: 1, f: 10 } }, { json: { n: 2, f: 100 } }];
    const logs: string[] = [];
    const out = await op.execute(context({ factor: '={{ $json.f }}' }, input, logs), [input], new AbortController().signal);
    assert.deepEqual(out[0]!.map((i) => i.json.n), [10, 200]);
    assert.deepEqual(out[0]!.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
    assert.deepEqual(logs, ['info: scaling 2 items']);

    const route = registry.get('fixtures.route')!;
    const routed = await route.execute(context({ limit: 3 }, items(1, 5, 2)), [items(1, 5, 2)], new AbortController().signal);
    assert.deepEqual(routed.map((port) => port.map((i) => i.json.n)), [[1, 2], [5]]);

    registration.dispose();
    assert.equal(registry.has('fixtures.scale'), false);
  });

  it('reports a module whose decorator is wrong as an import error', async () => {
    await assert.rejects(describePythonModule(pool, 'node_ops.broken_decorator'), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonImportError'), String(err));
      assert.match(err.message, /Bad Id Here/);
      return true;
    });
  });

  it('runs the example operators the sample melody uses', async () => {
    const { operators } = await describePythonModule(pool, 'symphony_examples.text');
    const wordCount = createPythonOperator(operators[0]!.description, operators[0]!.entry, pool);
    const progress: number[] = [];
    const input: Item[] = [{ json: { text: 'to be or not' } }, { json: { text: 'that is\nthe question' } }];
    const out = await wordCount.execute(context({ field: 'text' }, input, [], progress), [input], new AbortController().signal);
    assert.deepEqual(out[0]!.map((i) => i.json.words), [4, 4]);
    assert.deepEqual(progress, [0.5, 1]);

    const { operators: transforms } = await describePythonModule(pool, 'symphony_examples.transform');
    const transform = createPythonOperator(transforms[0]!.description, transforms[0]!.entry, pool);
    await assert.rejects(
      transform.execute(context({ rename: 'not an object' }, items(1)), [items(1)], new AbortController().signal),
      (err: Error & { code?: string }) => err.code === 'InvalidParameter' && /'rename' must be an object/.test(err.message),
    );
  });

  it('turns the example AIDE manifest into an operator that runs', async () => {
    const file = path.join(examplesDir, 'text-stats/symphony.toml');
    const manifest = parseToml(fs.readFileSync(file, 'utf8')) as PythonOperatorManifest;
    const { operator, diagnostics } = pythonOperatorFromManifest(manifest, file);
    assert.deepEqual(diagnostics, []);
    assert.equal(operator!.description.id, 'text-stats.word-count');
    assert.equal(operator!.description.displayName, 'Text stats');
    assert.equal(operator!.description.color, '#805ad5');
    const op = createPythonOperator(operator!.description, operator!.entry, pool);
    const input: Item[] = [{ json: { body: 'a b c' } }];
    const out = await op.execute(context({ field: 'body' }, input), [input], new AbortController().signal);
    assert.equal(out[0]![0]!.json.words, 3);
  });

  it('reads the shared Python operator manifest fixture', async function () {
    const shared = path.resolve(repoRoot, '../shared/fixtures/manifests/valid/aide-operator-python');
    if (!fs.existsSync(shared)) {
      console.warn('      ../shared/fixtures is absent: skipping the shared manifest fixture');
      this.skip();
    }
    const manifest = parseToml(fs.readFileSync(path.join(shared, 'symphony.toml'), 'utf8')) as PythonOperatorManifest;
    const { operator } = pythonOperatorFromManifest(manifest);
    assert.equal(operator!.entry, 'text_stats.ops:word_count');
    assert.deepEqual(operator!.description.params, [{ name: 'field', type: 'string', default: 'text' }]);
  });

  it('returns diagnostics for a manifest entry without a function', () => {
    const { operator, diagnostics } = pythonOperatorFromManifest({ package: { name: 'text-stats' }, runtime: { language: 'python', entry: 'text_stats.ops' } }, 'symphony.toml');
    assert.equal(operator, undefined);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.path, 'runtime.entry');
    assert.match(diagnostics[0]!.message, /"package\.module:function"/);
    assert.equal(diagnostics[0]!.file, 'symphony.toml');
  });

  it('passes a cancelled run on to Python', async () => {
    const op = createPythonOperator(
      (await describePythonModule(pool, 'symphony_examples.text')).operators[0]!.description,
      'node_ops.calls:slow_operator',
      pool,
    );
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 200);
    await assert.rejects(op.execute(context({}, []), [[]], abort.signal), (err: Error) => isPythonError(err, 'PythonCancelled'));
  });

  it('python.call calls a function per item and stores the result', async () => {
    const op = createPythonCallOperator(pool);
    const input: Item[] = [{ json: { name: 'a' } }, { json: { name: 'b', x: 1 } }];
    const logs: string[] = [];
    const out = await op.execute(context({ entry: 'node_ops.calls:describe_item', args: ['!'], field: 'summary' }, input, logs), [input], new AbortController().signal);
    assert.deepEqual(out[0]!.map((i) => i.json.summary), ['a has 1 fields!', 'b has 2 fields!']);
    assert.deepEqual(logs, ['info: describing a', 'info: describing b']);
    await assert.rejects(op.execute(context({ entry: 'node_ops.calls' }, input), [input], new AbortController().signal), /expected "package\.module:function"/);
  });

  it('python.call keeps many items in flight and their results in item order', async () => {
    const op = createPythonCallOperator(pool);
    const input: Item[] = Array.from({ length: 60 }, (_, i) => ({ json: { name: `item${i}`, ...(i % 2 ? { odd: true } : {}) } }));
    const out = await op.execute(context({ entry: 'node_ops.calls:describe_item' }, input), [input], new AbortController().signal);
    assert.deepEqual(
      out[0]!.map((i) => i.json.result),
      input.map((_, i) => `item${i} has ${i % 2 ? 2 : 1} fields`),
    );
    assert.deepEqual(out[0]!.map((i) => i.pairedItem), input.map((_, i) => ({ item: i })));
  });

  it('python.call fails the node on the first failing item, with its traceback', async () => {
    const op = createPythonCallOperator(pool);
    const input: Item[] = Array.from({ length: 20 }, (_, i) => ({ json: { i } }));
    await assert.rejects(op.execute(context({ entry: 'node_ops.calls:boom' }, input), [input], new AbortController().signal), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonException'), String(err));
      assert.match(err.message, /Python traceback:/);
      return true;
    });
    assert.equal(await pool.call('node_ops.calls:echo', ['after']), 'after');
  });

  it('recycles workers so changed operator code is picked up', async () => {
    const before = await pool.call<number>('node_ops.calls:pid');
    pool.recycle();
    const after = await pool.call<number>('node_ops.calls:pid');
    assert.notEqual(after, before);
  });
});
