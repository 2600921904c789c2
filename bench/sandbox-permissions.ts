// Cost of one permission check (the DESIGN.md budget is 10 µs), per kind of scope, against a
// plain Set lookup measured in the same run. File checks include the real-path resolution, so
// they are listed apart, next to one bare lstat (the floor of a file check). System calls: a file
// checked less than a second ago, one lstat of it; a file first seen in a folder checked a moment
// ago, or a path that does not exist yet, one lstat per level below that folder plus one of the
// folder; a file behind a symlinked folder, two lstats (the path and its real path); a cold cache
// (the first check in a folder, or after it changed), an lstat of the file and of its folder and
// one realpath of the folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearRealPathCache, PermissionGate, PermissionSet } from '../src/core/security';

const N = 200_000;

function perOpNs(fn: () => void, n = N): number {
  for (let i = 0; i < 2000; i++) fn(); // warm-up
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t) / n;
}

function main(): void {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-bench-perm-')));
  fs.mkdirSync(path.join(root, 'docs/real'), { recursive: true });
  fs.writeFileSync(path.join(root, 'docs/readme.md'), 'x');
  fs.writeFileSync(path.join(root, 'docs/real/linked.md'), 'x');
  fs.symlinkSync(path.join(root, 'docs/real'), path.join(root, 'docs/link'));
  const readme = path.join(root, 'docs/readme.md');
  const { set } = PermissionSet.from(
    [
      { name: 'fs.read', scope: ['docs/**/*.md', 'src/**'] },
      { name: 'net.http', scope: ['api.example.com', '*.github.com', '127.0.0.1:8080'] },
      { name: 'bus.publish', scope: ['word-tools.*', 'editor.*'] },
      { name: 'env.read', scope: ['HOME', 'MY_APP_*'] },
      { name: 'process.spawn', scope: ['git'] },
      'ui.panel',
    ],
    { workspaceRoot: root, extensionDir: root },
  );
  const gate = new PermissionGate({ policy: 'permissive' });
  gate.register('bench', set);

  const baselineSet = new Set(['bus.publish:word-tools.counted']);
  let sink = 0;
  const baseline = perOpNs(() => { sink += baselineSet.has('bus.publish:word-tools.counted') ? 1 : 0; });
  const rows: Array<[string, number]> = [
    ['ui.panel (no scope)', perOpNs(() => void gate.check('bench', 'ui.panel', ''))],
    ['bus.publish channel glob', perOpNs(() => void gate.check('bench', 'bus.publish', 'word-tools.counted'))],
    ['env.read name glob', perOpNs(() => void gate.check('bench', 'env.read', 'MY_APP_TOKEN'))],
    ['process.spawn command', perOpNs(() => void gate.check('bench', 'process.spawn', 'git'))],
    ['net.http URL → host:port', perOpNs(() => void gate.check('bench', 'net.http', 'https://api.github.com/repos'))],
    ['undeclared permission', perOpNs(() => void gate.check('bench', 'clipboard.read', ''))],
    ['one bare lstat of the file (floor)', perOpNs(() => void fs.lstatSync(readme), 50_000)],
    ['fs.read existing file', perOpNs(() => void gate.check('bench', 'fs.read', 'docs/readme.md'), 50_000)],
    ['fs.read file behind a symlinked folder', perOpNs(() => void gate.check('bench', 'fs.read', 'docs/link/linked.md'), 50_000)],
    ['fs.read new file, 3 levels new (walk up)', perOpNs(() => void gate.check('bench', 'fs.read', 'docs/new/deep/file.md'), 50_000)],
    ['fs.read existing file, cold folder cache', perOpNs(() => {
      clearRealPathCache();
      void gate.check('bench', 'fs.read', 'docs/readme.md');
    }, 20_000)],
  ];
  console.log(`baseline: Set.has                           ${baseline.toFixed(0).padStart(7)} ns`);
  for (const [name, ns] of rows) {
    const verdict = ns / 1000 < 10 ? 'within 10 µs' : 'OVER 10 µs';
    console.log(`${name.padEnd(42)} ${ns.toFixed(0).padStart(7)} ns   ×${(ns / baseline).toFixed(0).padStart(5)} baseline   ${verdict}`);
  }
  if (sink < 0) console.log(sink);
  fs.rmSync(root, { recursive: true, force: true });
}

main();
