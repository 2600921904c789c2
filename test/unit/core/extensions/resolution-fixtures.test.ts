import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../../../src/cli/main';
import type { ExtensionsReport } from '../../../../src/cli/verbs/extensions';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures/extensions');

interface Expect {
  exit: number;
  listed?: string[];
  loaded?: string[];
  notLoaded?: string[];
  order?: Array<[string, string]>;
  problems?: Array<{ code: string; contains?: string[]; cycle?: string[] }>;
}

async function listJson(dir: string): Promise<{ code: number; report: ExtensionsReport }> {
  let out = '';
  const code = await main(['extensions', 'list', '--dir', dir, '--json'], { cwd: dir, stdout: (t) => (out += t), stderr: () => undefined });
  return { code, report: JSON.parse(out) as ExtensionsReport };
}

/** Same cycle up to rotation, with or without the closing repeat of the first id. */
function sameCycle(actual: string[], expected: string[]): boolean {
  const open = (c: string[]) => (c.length > 1 && c[0] === c[c.length - 1] ? c.slice(0, -1) : c);
  const a = open(actual);
  const e = open(expected);
  if (a.length !== e.length) return false;
  return a.some((_, shift) => e.every((id, i) => a[(i + shift) % a.length] === id));
}

describe('extension resolution fixtures (shared/fixtures/extensions)', function () {
  if (!fs.existsSync(fixtures)) {
    it('skipped: shared fixtures are not present beside the checkout', function () {
      this.skip();
    });
    return;
  }
  for (const name of fs.readdirSync(fixtures).sort()) {
    const dir = path.join(fixtures, name);
    const expectFile = path.join(dir, 'expect.json');
    if (!fs.existsSync(expectFile)) continue;
    it(name, async () => {
      const expect = JSON.parse(fs.readFileSync(expectFile, 'utf8')) as Expect;
      const { code, report } = await listJson(dir);
      const why = JSON.stringify(report.problems, null, 1);
      assert.equal(code, expect.exit, `exit code; problems: ${why}`);
      const listed = report.extensions.map((e) => e.id);
      for (const id of expect.listed ?? []) assert.ok(listed.includes(id), `${id} listed`);
      for (const id of expect.loaded ?? []) assert.ok(report.loadOrder.includes(id), `${id} loaded; problems: ${why}`);
      for (const id of expect.notLoaded ?? []) assert.ok(!report.loadOrder.includes(id), `${id} not loaded`);
      for (const [a, b] of expect.order ?? []) assert.ok(report.loadOrder.indexOf(a) < report.loadOrder.indexOf(b), `${a} before ${b} in ${report.loadOrder.join(',')}`);
      if (expect.problems && expect.problems.length === 0) assert.deepEqual(report.problems.filter((p) => p.severity === 'error'), []);
      for (const want of expect.problems ?? []) {
        const match = report.problems.find((p) => {
          if (p.code !== want.code) return false;
          const text = JSON.stringify(p).toLowerCase();
          if (!(want.contains ?? []).every((s) => s.split('|').some((alt) => text.includes(alt.toLowerCase())))) return false;
          return !want.cycle || (!!p.cycle && sameCycle(p.cycle, want.cycle));
        });
        assert.ok(match, `a ${want.code} problem containing ${JSON.stringify(want.contains ?? want.cycle)}; got ${why}`);
      }
    });
  }
});
