import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../../src/cli/main';
import { runExec } from '../../../../src/cli/verbs/exec';
import { buildWorker, copyWorker, REPO_ROOT } from '../../core/sandbox/worker-bundle';
import { FIXTURES, makePlayground, type Playground } from '../../core/sandbox/sandbox-fixture';

const sharedFixtures = path.resolve(REPO_ROOT, '../shared/fixtures');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function execInProcess(cwd: string, ...argv: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await runExec({ args: argv, cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, { workerPath: await buildWorker() });
  return { code, stdout, stderr };
}

describe('symphony exec', function () {
  this.timeout(60_000);
  let play: Playground;

  before(() => {
    play = makePlayground();
  });
  after(() => play.cleanup());

  it('runs a command in its sandbox and prints {ok, command, result}', async () => {
    const r = await execInProcess(play.workspace, '--dir', path.join(FIXTURES, 'benign'), 'benign.count', '--args', '{"path":"docs/readme.md"}', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { ok: true, command: 'benign.count', result: 4 });
  });

  it('reports an undeclared capability as PermissionDenied with the permission and target, exit 1', async () => {
    const r = await execInProcess(play.workspace, '--dir', FIXTURES, 'hostile.secret', '--json');
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.ok, false);
    assert.equal(out.command, 'hostile.secret');
    assert.equal(out.error.code, 'PermissionDenied');
    assert.equal(out.error.permission, 'env.read');
    assert.equal(out.error.target, 'SYMPHONY_SECRET');
    assert.match(out.error.message, /does not declare "env\.read"/);
  });

  it('denies a declared permission outside its scope and writes the audit log', async () => {
    const audit = path.join(play.root, 'audit.jsonl');
    const r = await execInProcess(play.workspace, '--dir', FIXTURES, 'benign.count', '--args', '{"path":"/etc/passwd"}', '--audit', audit, '--json');
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout).error.target, '/etc/passwd');
    const entries = fs.readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(entries.some((e) => e.extension === 'benign' && e.permission === 'fs.read' && e.decision === 'denied' && e.target === '/etc/passwd'));
  });

  it('runs a moderate (vm2) extension with relative requires', async () => {
    const r = await execInProcess(play.workspace, '--dir', FIXTURES, 'moderate-tools.shout', '--args', '{"path":"docs/readme.md"}');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'ONE TWO THREE FOUR!\n');
  });

  it('names the closest command when none matches', async () => {
    const r = await execInProcess(play.workspace, '--dir', FIXTURES, 'benign.cont', '--json');
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.error.code, 'CommandNotFound');
    assert.match(out.error.message, /did you mean "benign\.count"/);
  });

  it('exits 2 on usage errors', async () => {
    const io = { cwd: play.workspace, stdout: () => undefined, stderr: () => undefined };
    assert.equal(await main(['exec', 'x.y'], io), 2, 'no --dir');
    assert.equal(await main(['exec', '--dir', FIXTURES, 'benign.echo', '--args', '{nope'], io), 2, 'bad JSON');
    assert.equal(await main(['exec', '--dir', FIXTURES], io), 2, 'no command');
  });

  it('activates the shared resolution fixtures', async function () {
    const chain = path.join(sharedFixtures, 'extensions/chain');
    if (!fs.existsSync(chain)) this.skip(); // ../shared/fixtures is absent on this machine
    const r = await execInProcess(play.workspace, '--dir', chain, 'app.hello', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { ok: true, command: 'app.hello', result: 'app is active' });
  });

  describe('from the built bundles, with no node_modules', () => {
    let dist: string;

    before(async () => {
      // The same entries and options as esbuild.mjs, built into a folder no node_modules can be found from.
      dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-dist-')), 'dist');
      fs.mkdirSync(dist);
      await esbuild.build({
        entryPoints: [path.join(REPO_ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
        outfile: path.join(dist, 'cli.js'), external: ['vscode'], logLevel: 'error', banner: { js: '#!/usr/bin/env node' },
      });
      await copyWorker(dist);
    });
    after(() => fs.rmSync(path.dirname(dist), { recursive: true, force: true }));

    const cli = (cwd: string, ...argv: string[]) =>
      new Promise<Outcome>((resolve) => {
        execFile(process.execPath, [path.join(dist, 'cli.js'), ...argv], { cwd, env: { PATH: process.env.PATH ?? '' } }, (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
      });

    it('runs strict and moderate extensions and reports denials', async () => {
      const ok = await cli(play.workspace, 'exec', '--dir', FIXTURES, 'benign.count', '--args', '{"path":"docs/readme.md"}', '--json');
      assert.equal(ok.code, 0, ok.stderr);
      assert.deepEqual(JSON.parse(ok.stdout), { ok: true, command: 'benign.count', result: 4 });
      const moderate = await cli(play.workspace, 'exec', '--dir', FIXTURES, 'moderate-tools.shout', '--args', '{"path":"docs/readme.md"}', '--json');
      assert.equal(moderate.code, 0, moderate.stderr);
      assert.equal(JSON.parse(moderate.stdout).result, 'ONE TWO THREE FOUR!');
      const denied = await cli(play.workspace, 'exec', '--dir', FIXTURES, 'hostile.spawn', '--args', JSON.stringify({ marker: play.marker }), '--json');
      assert.equal(denied.code, 1, denied.stderr);
      assert.deepEqual(JSON.parse(denied.stdout).error.permission, 'process.spawn');
      assert.equal(fs.existsSync(play.marker), false);
    });
  });
});
