import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AuditLog,
  decide,
  GrantMemory,
  JsonLinesAuditWriter,
  PermissionDenied,
  PermissionGate,
  PermissionSet,
  type AuditEntry,
  type Grant,
  type PermissionPrompt,
} from '../../../../src/core/security';

const roots = { workspaceRoot: os.tmpdir(), extensionDir: os.tmpdir() };
const setOf = (entries: unknown[]) => PermissionSet.from(entries, roots).set;

describe('permission policies', () => {
  it('decide: strict, balanced and permissive', () => {
    const cases: Array<[string, boolean, boolean, string, string, string]> = [
      // permission, declared, inScope → strict, balanced, permissive
      ['ui.panel', true, true, 'allowed', 'allowed', 'allowed'],
      ['fs.write', true, true, 'prompt', 'prompt', 'allowed'],
      ['fs.write', true, false, 'denied', 'denied', 'prompt'],
      ['net.http', false, false, 'denied', 'denied', 'prompt'],
    ];
    for (const [permission, declared, inScope, strict, balanced, permissive] of cases) {
      assert.equal(decide('strict', { permission, declared, inScope }), strict, `${permission} strict`);
      assert.equal(decide('balanced', { permission, declared, inScope }), balanced, `${permission} balanced`);
      assert.equal(decide('permissive', { permission, declared, inScope }), permissive, `${permission} permissive`);
    }
  });
});

describe('PermissionGate', () => {
  it('denies undeclared use with a PermissionDenied that names permission, target and what to do', async () => {
    const gate = new PermissionGate();
    gate.register('ext', setOf(['ui.panel']));
    await assert.rejects(gate.authorize('ext', 'env.read', 'HOME'), (e: PermissionDenied) => {
      assert.ok(e instanceof PermissionDenied);
      assert.equal(e.code, 'PermissionDenied');
      assert.equal(e.permission, 'env.read');
      assert.equal(e.target, 'HOME');
      assert.match(e.message, /\[security\] permissions/);
      return true;
    });
    assert.equal(await gate.authorize('ext', 'ui.panel', ''), '');
  });

  it('asks once under balanced, remembers per extension and permission, and forgets on revoke', async () => {
    const asked: PermissionPrompt[] = [];
    let answer: 'allow' | 'deny' = 'allow';
    const gate = new PermissionGate({ policy: 'balanced', prompter: async (p) => (asked.push(p), answer) });
    gate.register('ext', setOf([{ name: 'env.read', scope: ['HOME', 'USER'] }]));
    gate.register('other', setOf([{ name: 'env.read', scope: ['HOME'] }]));
    assert.equal(await gate.authorize('ext', 'env.read', 'HOME'), 'HOME');
    await gate.authorize('ext', 'env.read', 'USER');
    assert.equal(asked.length, 1, 'asked once for ext/env.read');
    assert.equal(asked[0]!.sensitive, true);
    answer = 'deny';
    await assert.rejects(gate.authorize('other', 'env.read', 'HOME'), PermissionDenied);
    await assert.rejects(gate.authorize('other', 'env.read', 'HOME'), /denied "env.read" earlier/);
    assert.equal(asked.length, 2, 'the refusal is remembered too');
    assert.deepEqual(gate.memory.list('ext').map((g) => [g.permission, g.decision]), [['env.read', 'allowed']]);
    assert.equal(gate.memory.revoke('ext', 'env.read'), 1);
    await assert.rejects(gate.authorize('ext', 'env.read', 'HOME'), PermissionDenied);
    assert.equal(asked.length, 3, 'asked again after revoke');
  });

  it('asks every time under strict', async () => {
    let asked = 0;
    const gate = new PermissionGate({ policy: 'strict', prompter: async () => (asked++, 'allow') });
    gate.register('ext', setOf(['env.read']));
    await gate.authorize('ext', 'env.read', 'HOME');
    await gate.authorize('ext', 'env.read', 'HOME');
    assert.equal(asked, 2);
  });

  it('shares one question between concurrent uses', async () => {
    let asked = 0;
    const gate = new PermissionGate({ policy: 'balanced', prompter: async () => { asked++; await new Promise((r) => setTimeout(r, 20)); return 'allow'; } });
    gate.register('ext', setOf(['env.read']));
    await Promise.all([gate.authorize('ext', 'env.read', 'A'), gate.authorize('ext', 'env.read', 'B'), gate.authorize('ext', 'env.read', 'C')]);
    assert.equal(asked, 1);
  });

  it('without a prompter (the CLI) a prompt is a denial; permissive allows what is declared', async () => {
    const balanced = new PermissionGate({ policy: 'balanced' });
    balanced.register('ext', setOf(['env.read']));
    await assert.rejects(balanced.authorize('ext', 'env.read', 'HOME'), /no one to ask/);
    const permissive = new PermissionGate({ policy: 'permissive' });
    permissive.register('ext', setOf(['env.read']));
    assert.equal(await permissive.authorize('ext', 'env.read', 'HOME'), 'HOME');
    await assert.rejects(permissive.authorize('ext', 'fs.write', 'x'), PermissionDenied);
  });

  it('unregistering an extension revokes everything it had', async () => {
    const gate = new PermissionGate({ policy: 'permissive' });
    const reg = gate.register('ext', setOf(['ui.panel']));
    await gate.authorize('ext', 'ui.panel', '');
    reg.dispose();
    await assert.rejects(gate.authorize('ext', 'ui.panel', ''), PermissionDenied);
  });

  it('persists remembered answers through a GrantStore', () => {
    let saved: Grant[] = [];
    const store = { load: () => saved, save: (g: Grant[]) => (saved = g) };
    new GrantMemory(store).remember('ext', 'net.http', 'allowed');
    assert.equal(new GrantMemory(store).recall('ext', 'net.http'), 'allowed');
  });

  it('audits every decision, to listeners and to a JSON-lines file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-audit-'));
    const audit = new AuditLog();
    const seen: AuditEntry[] = [];
    audit.onDidRecord((e) => seen.push(e));
    const writer = new JsonLinesAuditWriter(path.join(dir, 'audit.jsonl'), audit);
    const gate = new PermissionGate({ policy: 'permissive', audit });
    gate.register('ext', setOf(['ui.panel']));
    await gate.authorize('ext', 'ui.panel', '');
    await assert.rejects(gate.authorize('ext', 'process.spawn', 'rm'));
    writer.dispose();
    assert.deepEqual(seen.map((e) => [e.permission, e.decision]), [['ui.panel', 'allowed'], ['process.spawn', 'denied']]);
    const lines = fs.readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditEntry);
    assert.equal(lines.length, 2);
    assert.equal(lines[1]!.target, 'rm');
    assert.equal(lines[1]!.policy, 'permissive');
    assert.match(lines[1]!.reason ?? '', /does not declare/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
