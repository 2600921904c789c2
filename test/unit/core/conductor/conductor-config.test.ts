import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConductorConfig, loadConductorConfig, modelRouteFor } from '../../../../src/core/conductor/index';
import { renderMelodySchemas } from '../../../../scripts/generate-melody-schemas';

const repo = path.resolve(__dirname, '../../../..');

describe('.symphony/conductor.json', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'symphony-config-'));
    await fs.mkdir(path.join(root, '.symphony'));
  });
  afterEach(async () => fs.rm(root, { recursive: true, force: true }));
  const write = (text: string) => fs.writeFile(path.join(root, '.symphony', 'conductor.json'), text);

  it('a missing file means the defaults, silently', async () => {
    await fs.rm(path.join(root, '.symphony'), { recursive: true });
    const { config, diagnostics } = await loadConductorConfig(root);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config, defaultConductorConfig());
    assert.equal(config.concurrency, 4);
    assert.equal(config.history.maxRuns, 50);
    assert.equal(config.permissionPolicy, 'balanced');
  });

  it('reads every section, and routes models by operator id with a default', async () => {
    await write(JSON.stringify({
      concurrency: 8,
      timeouts: { runMs: 60000, nodeMs: 5000 },
      retry: { retries: 4, backoffMs: 250 },
      history: { maxRuns: 5, dir: 'out/runs' },
      permissionPolicy: 'strict',
      models: { default: { provider: 'openai', model: 'llama3.2', endpoint: 'http://127.0.0.1:11434/v1' }, 'ai.generate-code': { provider: 'anthropic', model: 'claude', keyName: 'ANTHROPIC' } },
    }));
    const { config, diagnostics } = await loadConductorConfig(root);
    assert.deepEqual(diagnostics, []);
    assert.equal(config.concurrency, 8);
    assert.deepEqual(config.retry, { retries: 4, backoffMs: 250, backoffFactor: 2, maxBackoffMs: 30000 });
    assert.deepEqual(config.history, { enabled: true, maxRuns: 5, dir: 'out/runs' });
    assert.equal(modelRouteFor(config, 'ai.generate-code')?.provider, 'anthropic');
    assert.equal(modelRouteFor(config, 'ai.prompt')?.model, 'llama3.2');
  });

  it('a wrong value is an error at its line and column, and that field falls back to its default', async () => {
    await write('{\n  "concurrency": 0,\n  "permissionPolicy": "lax",\n  "history": { "maxRuns": 3 }\n}\n');
    const { config, diagnostics } = await loadConductorConfig(root);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.path, d.line, d.column]), [
      ['InvalidConductorConfig', 'concurrency', 2, 18],
      ['InvalidConductorConfig', 'permissionPolicy', 3, 23],
    ]);
    assert.equal(config.concurrency, 4);
    assert.equal(config.permissionPolicy, 'balanced');
    assert.equal(config.history.maxRuns, 3);
  });

  it('unknown fields are warnings; broken JSON is an error with its position', async () => {
    await write('{ "concurency": 2 }');
    const unknown = await loadConductorConfig(root);
    assert.deepEqual(unknown.diagnostics.map((d) => [d.severity, d.code, d.path]), [['warning', 'UnknownField', 'concurency']]);
    await write('{\n  "concurrency": 2,\n}');
    const broken = await loadConductorConfig(root);
    assert.deepEqual(broken.diagnostics.map((d) => [d.code, d.line, d.column]), [['InvalidJson', 3, 1]]);
    assert.equal(broken.config.concurrency, 4);
  });

  it('the committed JSON Schemas match the zod schemas (run scripts/generate-melody-schemas.ts)', async () => {
    for (const [rel, content] of Object.entries(renderMelodySchemas())) {
      const committed = await fs.readFile(path.join(repo, rel), 'utf8').catch(() => '');
      assert.equal(committed, content, `${rel} is stale; run npx tsx scripts/generate-melody-schemas.ts`);
    }
  });
});
