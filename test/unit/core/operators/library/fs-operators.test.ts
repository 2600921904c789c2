import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fsList, fsRead, fsTransform, fsWrite } from '../../../../../src/core/operators/fs/index';
import { run } from './test-context';

describe('file operators', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-fs-'));
    fs.mkdirSync(path.join(root, 'src/deep'), { recursive: true });
    fs.mkdirSync(path.join(root, 'node_modules/pkg'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src/a.ts'), 'const a = "old";\n');
    fs.writeFileSync(path.join(root, 'src/deep/b.ts'), 'old old\n');
    fs.writeFileSync(path.join(root, 'node_modules/pkg/c.ts'), 'old\n');
    fs.writeFileSync(path.join(root, 'data.json'), '{"n": 1}');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads text, JSON and binary, one item per input item', async () => {
    const [text] = await run(fsRead, root, { path: 'src/a.ts' });
    assert.equal(text![0]!.json.content, 'const a = "old";\n');
    const [json] = await run(fsRead, root, { path: 'data.json', as: 'json' });
    assert.deepEqual(json![0]!.json.content, { n: 1 });
    const [bin] = await run(fsRead, root, { path: 'data.json', as: 'binary' });
    assert.equal(Buffer.from(bin![0]!.binary!.data!.data, 'base64').toString(), '{"n": 1}');
    const [two] = await run(fsRead, root, { path: 'data.json' }, [[{ json: {} }, { json: {} }]]);
    assert.equal(two!.length, 2);
  });

  it('refuses paths that leave the workspace, also through a symlink', async () => {
    await assert.rejects(run(fsRead, root, { path: '../../etc/passwd' }), /outside the workspace/);
    fs.symlinkSync('/etc', path.join(root, 'escape'));
    await assert.rejects(run(fsRead, root, { path: 'escape/hostname' }), /outside the workspace/);
    await assert.rejects(run(fsWrite, root, { path: 'escape/evil', content: 'x' }), /outside the workspace/);
  });

  it('names the missing file and suggests what to do for JSON errors', async () => {
    await assert.rejects(run(fsRead, root, { path: 'nope.txt' }), /nope\.txt does not exist/);
    await assert.rejects(run(fsRead, root, { path: 'src/a.ts', as: 'json' }), /not valid JSON.*read it as text/);
  });

  it('writes atomically, creates folders and appends', async () => {
    await run(fsWrite, root, { path: 'out/new/file.txt', content: 'one\n' });
    await run(fsWrite, root, { path: 'out/new/file.txt', content: 'two\n', mode: 'append' });
    assert.equal(fs.readFileSync(path.join(root, 'out/new/file.txt'), 'utf8'), 'one\ntwo\n');
    const [res] = await run(fsWrite, root, { path: 'obj.json', content: { a: 1 } });
    assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'obj.json'), 'utf8')).a, 1);
    assert.equal(res![0]!.json.path, 'obj.json');
    assert.deepEqual(fs.readdirSync(path.join(root, 'out/new')), ['file.txt'], 'no temp files left behind');
  });

  it('lists files by glob, skipping node_modules', async () => {
    const [items] = await run(fsList, root, { pattern: '**/*.ts' });
    assert.deepEqual(items!.map((i) => i.json.path), ['src/a.ts', 'src/deep/b.ts']);
    const [scoped] = await run(fsList, root, { pattern: '*.ts', folder: 'src/deep' });
    assert.deepEqual(scoped!.map((i) => i.json.path), ['src/deep/b.ts']);
  });

  it('replaces text and regex per file, with a dry run that writes nothing', async () => {
    const [dry] = await run(fsTransform, root, { pattern: 'src/**/*.ts', find: 'old', replace: 'new', dryRun: true });
    assert.deepEqual(dry!.map((i) => [i.json.path, i.json.replacements]), [['src/a.ts', 1], ['src/deep/b.ts', 2]]);
    assert.match(fs.readFileSync(path.join(root, 'src/a.ts'), 'utf8'), /old/);
    await run(fsTransform, root, { pattern: 'src/a.ts', find: 'const (\\w+)', replace: 'let $1', regex: true });
    assert.equal(fs.readFileSync(path.join(root, 'src/a.ts'), 'utf8'), 'let a = "old";\n');
    await run(fsTransform, root, { pattern: 'src/deep/b.ts', find: 'old', replace: '$1' });
    assert.equal(fs.readFileSync(path.join(root, 'src/deep/b.ts'), 'utf8'), '$1 $1\n', 'plain mode treats $ literally');
    assert.equal(fs.readFileSync(path.join(root, 'node_modules/pkg/c.ts'), 'utf8'), 'old\n');
    await assert.rejects(run(fsTransform, root, { pattern: '**', find: '(', regex: true }), /not a valid regular expression/);
  });
});
