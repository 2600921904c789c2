import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { copyExamples, describeRun, type ExampleWorkspace, itemsByNode, runMelody } from './examples-workspace';

const REPORT = `# Tide

status: final

| file | lines | words | open items |
| --- | --- | --- | --- |
| sample/README.md | 15 | 37 | 2 |

- [ ] document the --json flag.
- [ ] list the supported harbours.
`;

describe('examples/files.melody', () => {
  let ws: ExampleWorkspace;
  beforeEach(() => (ws = copyExamples()));
  afterEach(() => ws.cleanup());

  it('reads the README, writes out/readme-report.md, marks it final and lists it', async () => {
    const run = await runMelody(ws.dir, 'files.melody');
    assert.equal(run.code, 0, describeRun(run));
    const readme = fs.readFileSync(path.join(ws.dir, 'sample/README.md'), 'utf8');
    const { list, ...rest } = itemsByNode(run);
    assert.deepEqual(rest, {
      start: [[{}]],
      read: [[{ path: 'sample/README.md', content: readme, size: Buffer.byteLength(readme) }]],
      measure: [[{ file: 'sample/README.md', title: 'Tide', lines: 15, words: 37, todos: ['document the --json flag.', 'list the supported harbours.'] }]],
      write: [[{ path: 'out/readme-report.md', bytes: Buffer.byteLength(REPORT.replace('final', 'draft')) }]],
      finalise: [[{ path: 'out/readme-report.md', replacements: 1 }]],
    });
    assert.equal(fs.readFileSync(path.join(ws.dir, 'out/readme-report.md'), 'utf8'), REPORT);
    const stat = fs.statSync(path.join(ws.dir, 'out/readme-report.md'));
    assert.deepEqual(list, [[{ path: 'out/readme-report.md', name: 'readme-report.md', size: Buffer.byteLength(REPORT), modified: stat.mtime.toISOString() }]]);
  });

  it('gives the same report when run again (the report is rewritten, not appended)', async () => {
    assert.equal((await runMelody(ws.dir, 'files.melody')).code, 0);
    const again = await runMelody(ws.dir, 'files.melody');
    assert.equal(again.code, 0, describeRun(again));
    assert.deepEqual(again.nodes.finalise!.outputs, [[{ path: 'out/readme-report.md', replacements: 1 }]]);
    assert.equal(fs.readFileSync(path.join(ws.dir, 'out/readme-report.md'), 'utf8'), REPORT);
    assert.deepEqual(fs.readdirSync(path.join(ws.dir, 'out')), ['readme-report.md'], 'no temporary files are left next to the report');
  });
});
