import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../../src/cli/main';
import { validate } from '../../../src/cli/verbs/validate';

/**
 * Runs every case of ../shared/fixtures/manifests through `symphony validate --json` in process
 * and judges the answer by the case's expect.json, following the fixtures README to the letter.
 */

const repoRoot = path.resolve(__dirname, '../../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures/manifests');

interface Expected {
  path?: string;
  contains?: string[];
  line?: number;
}
interface Expect {
  valid: boolean;
  manifest?: string;
  errors?: Expected[];
  warnings?: Expected[];
  line?: number;
  resolved?: Record<string, unknown>;
}
interface JsonDiagnostic {
  severity: string;
  path?: string;
  line?: number;
}
interface Report {
  ok: boolean;
  files: Array<{ file: string; kind: string; valid: boolean; manifest?: unknown; diagnostics: JsonDiagnostic[] }>;
}

/** Runs the verb as the CLI would, returning the exit code and the parsed JSON. */
export async function runValidate(args: string[], cwd = repoRoot): Promise<{ code: number; report: Report; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await validate.run({ args, cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, report: args.includes('--json') ? (JSON.parse(stdout) as Report) : { ok: false, files: [] }, stdout, stderr };
}

/** `a.b[2]`, `a.b.2`, `/a/b/2` and `a["x.y"]` as segments. */
export function splitPath(p: string): string[] {
  if (p.startsWith('/')) return p.slice(1).split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const out: string[] = [];
  const re = /\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*'([^']*)'\s*\]|\[(\d+)\]|([^.[\]]+)/g;
  for (let m = re.exec(p); m; m = re.exec(p)) out.push(m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : (m[2] ?? m[3] ?? m[4]!));
  return out;
}

const samePath = (a: string, b: string) => JSON.stringify(splitPath(a)) === JSON.stringify(splitPath(b));

function matches(d: JsonDiagnostic, e: Expected, defaultLine: number | undefined): boolean {
  if (e.path !== undefined && (d.path === undefined || !samePath(d.path, e.path))) return false;
  const text = JSON.stringify(d).toLowerCase();
  for (const c of e.contains ?? []) if (!c.split('|').some((alt) => text.includes(alt.toLowerCase()))) return false;
  const line = e.line ?? defaultLine;
  return line === undefined || d.line === line;
}

/** Every expected entry is matched by its own diagnostic among `pool`. */
function assertMatched(kind: string, expected: Expected[], pool: JsonDiagnostic[], defaultLine: number | undefined): void {
  const used = new Set<number>();
  for (const e of expected) {
    const i = pool.findIndex((d, index) => !used.has(index) && matches(d, e, defaultLine));
    assert.ok(i >= 0, `no ${kind} diagnostic matches ${JSON.stringify(e)} (line ${e.line ?? defaultLine ?? 'any'}); got ${JSON.stringify(pool, null, 1)}`);
    used.add(i);
  }
}

function valueAt(data: unknown, p: string): { found: boolean; value: unknown } {
  let v = data;
  for (const seg of splitPath(p)) {
    if (v === null || typeof v !== 'object' || !(seg in (v as object))) return { found: false, value: undefined };
    v = (v as Record<string, unknown>)[seg];
  }
  return { found: true, value: v };
}

function assertResolved(manifest: unknown, resolved: Record<string, unknown>): void {
  for (const [key, expected] of Object.entries(resolved)) {
    const hit = key.split('|').map((p) => valueAt(manifest, p)).find((r) => r.found);
    assert.ok(hit, `resolved ${key}: not present in the effective manifest`);
    if (expected !== null && typeof expected === 'object' && '$length' in expected) {
      assert.equal((hit.value as unknown[] | undefined)?.length, (expected as { $length: number }).$length, `resolved ${key}: length`);
    } else {
      assert.deepEqual(hit.value, expected, `resolved ${key}`);
    }
  }
}

function manifestOf(caseDir: string, expect: Expect): string {
  if (expect.manifest) return path.join(caseDir, expect.manifest);
  const names = fs.readdirSync(caseDir).filter((f) => /\.(toml|json|ya?ml)$/.test(f) && f !== 'expect.json');
  assert.equal(names.length, 1, `${caseDir}: expected one manifest file, found ${names.join(', ')}`);
  return path.join(caseDir, names[0]!);
}

describe('symphony validate against the shared manifest fixtures', function () {
  before(function () {
    if (!fs.existsSync(fixtures)) this.skip(); // ../shared/fixtures is absent: nothing to judge against
  });

  const groups = fs.existsSync(fixtures) ? fs.readdirSync(fixtures).filter((g) => fs.statSync(path.join(fixtures, g)).isDirectory()) : [];
  if (groups.length === 0) it.skip(`fixtures not found at ${fixtures}`, () => undefined);
  for (const group of groups) {
    for (const name of fs.readdirSync(path.join(fixtures, group)).sort()) {
      const caseDir = path.join(fixtures, group, name);
      const expectFile = path.join(caseDir, 'expect.json');
      if (!fs.existsSync(expectFile)) continue;
      it(`${group}/${name}`, async () => {
        const expect = JSON.parse(fs.readFileSync(expectFile, 'utf8')) as Expect;
        const target = manifestOf(caseDir, expect);
        const { code, report } = await runValidate([target, '--json']);
        assert.equal(report.files.length, 1);
        const file = report.files[0]!;
        const errors = file.diagnostics.filter((d) => d.severity === 'error');
        if (expect.valid) {
          assert.deepEqual(errors, [], 'a valid case has no error diagnostic');
          assert.equal(code, 0);
          assert.equal(report.ok, true);
        } else {
          assert.ok(errors.length > 0, 'an invalid case has at least one error diagnostic');
          assert.equal(code, 1);
          assert.equal(report.ok, false);
        }
        assertMatched('error', expect.errors ?? [], errors, expect.line);
        assertMatched('warning', expect.warnings ?? [], file.diagnostics.filter((d) => d.severity === 'warning' || d.severity === 'info'), expect.line);
        if (expect.resolved) assertResolved(file.manifest, expect.resolved);
      });
    }
  }
});

describe('symphony validate', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-validate-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reads paths in the forms the README treats as equal', () => {
    assert.deepEqual(splitPath('security.permissions[2]'), ['security', 'permissions', '2']);
    assert.deepEqual(splitPath('security.permissions.2'), ['security', 'permissions', '2']);
    assert.deepEqual(splitPath('/security/permissions/2'), ['security', 'permissions', '2']);
    assert.deepEqual(splitPath('configuration.properties["word-tools.maxWords"].default'), ['configuration', 'properties', 'word-tools.maxWords', 'default']);
  });

  it('exits 2 with a usage message when no path is given or an option is unknown', async () => {
    for (const args of [['validate'], ['validate', 'x', '--jsno']]) {
      let err = '';
      const exit = await main(args, { cwd: tmp, stdout: () => undefined, stderr: (t) => (err += t) });
      assert.equal(exit, 2, args.join(' '));
      assert.match(err, /usage: symphony validate/);
    }
  });

  it('validates a folder by the manifest inside it, and several paths at once', async () => {
    fs.writeFileSync(path.join(tmp, 'symphony.json'), JSON.stringify({ package: { name: 'a-b', version: '1.0.0' } }));
    fs.mkdirSync(path.join(tmp, 'bad'));
    fs.writeFileSync(path.join(tmp, 'bad', 'symphony.yaml'), 'package:\n  name: Bad Name\n  version: 1.0.0\n');
    const { code, report } = await runValidate([tmp, path.join(tmp, 'bad'), '--json']);
    assert.equal(code, 1);
    assert.deepEqual(report.files.map((f) => [path.basename(f.file), f.valid]), [['symphony.json', true], ['symphony.yaml', false]]);
    const d = report.files[1]!.diagnostics[0]!;
    assert.equal(d.path, 'package.name');
    assert.equal(d.line, 2);
  });

  it('reports a missing path and a folder without a manifest as errors, not crashes', async () => {
    const { code, report } = await runValidate([path.join(tmp, 'nope.toml'), tmp, '--json']);
    assert.equal(code, 1);
    assert.equal(report.files.length, 2);
    assert.ok(report.files.every((f) => !f.valid && f.diagnostics[0]!.severity === 'error'));
    assert.match(JSON.stringify(report.files[1]), /symphony\.toml/);
  });

  it('sends a melody to the melody validator, by name and by content', async () => {
    const melody = { format: 'melody/1', name: 'x', nodes: [{ id: 'a', operator: 'core.noop', position: { x: 0, y: 0 } }], connections: [] };
    fs.writeFileSync(path.join(tmp, 'flow.melody'), JSON.stringify(melody));
    fs.writeFileSync(path.join(tmp, 'flow.json'), JSON.stringify(melody));
    const { report } = await runValidate([path.join(tmp, 'flow.melody'), path.join(tmp, 'flow.json'), '--json']);
    assert.deepEqual(report.files.map((f) => f.kind), ['melody', 'melody']);
  });

  it('prints one line per file and file:line:column for each problem without --json', async () => {
    fs.writeFileSync(path.join(tmp, 'symphony.toml'), '[package]\nname = "x"\nversion = "1.2"\n');
    const { code, stdout } = await runValidate([tmp]);
    assert.equal(code, 1);
    assert.match(stdout, /^invalid .*symphony\.toml/m);
    assert.match(stdout, /symphony\.toml:3:11 — package\.version: error InvalidVersion: .*did you mean "1\.2\.0"/);
  });
});
