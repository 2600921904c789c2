import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

function* sourceFiles(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx)$/.test(entry.name)) yield full;
  }
}

const importsVscode = /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/;

describe('layering', () => {
  for (const layer of ['src/core', 'src/cli', 'src/protocol', 'webviews']) {
    it(`${layer} never imports vscode`, () => {
      const offenders = [...sourceFiles(path.join(root, layer))].filter((f) => importsVscode.test(fs.readFileSync(f, 'utf8')));
      assert.deepEqual(offenders.map((f) => path.relative(root, f)), []);
    });
  }

  it('src/core never imports from the host, the CLI or webviews', () => {
    const upward = /from\s+['"](?:\.\.\/)+(?:host|cli)\/|from\s+['"][^'"]*webviews\//;
    const offenders = [...sourceFiles(path.join(root, 'src/core'))].filter((f) => upward.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => path.relative(root, f)), []);
  });
});
