// "Activation with 50 installed": fifty sub-extensions sit in the user folder before Symphony
// activates (a root hook, so they are there when the first suite activates it). Activation reads
// no manifest; the first refresh right after it discovers all fifty. Prints both figures, with a
// refresh of the same host without them as the baseline, and records them in test-results/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import type { SymphonyApi } from '../../src/host/extension';

const COUNT = 50;
const extensionId = `${pkg.publisher}.${pkg.name}`;
const resultsDir = process.env.SYMPHONY_TEST_RESULTS ?? path.resolve(__dirname, '../../../test-results');
/** The default user folder (symphony.extensions.userDirectory is not set in the test profile). */
const userDir = path.join(os.homedir(), '.symphony', 'extensions');
let installedBeforeActivation = false;

function manifest(i: number): string {
  const name = `bulk-${String(i).padStart(2, '0')}`;
  return [
    `[package]\nname = "${name}"\nversion = "1.${i}.0"\ndescription = "Bulk extension ${i} of ${COUNT}."`,
    `[runtime]\nentry = "index.js"\nactivation_events = ["onCommand:${name}.run"]`,
    `[configuration.properties."${name}.level"]\ntype = "integer"\ndefault = ${i}\nminimum = 0`,
    `[[commands]]\nid = "${name}.run"\ntitle = "Run ${i}"\ncategory = "Bulk"`,
    `[[status_bar]]\nid = "state"\ntext = "${name}"`,
    `[[views]]\nid = "${name}.view"\ntitle = "Bulk ${i}"`,
    `[[keybindings]]\ncommand = "${name}.run"\nkey = "ctrl+alt+${i % 10}"`,
  ].join('\n\n') + '\n';
}

// Root hook: runs before the first suite, so before anything activates Symphony.
// SYMPHONY_NO_BULK_EXTENSIONS=1 leaves the folder empty, for the baseline of the same figure.
before(() => {
  if (process.env.SYMPHONY_NO_BULK_EXTENSIONS || vscode.extensions.getExtension(extensionId)?.isActive || fs.existsSync(userDir)) return;
  for (let i = 0; i < COUNT; i++) {
    const dir = path.join(userDir, `bulk-${String(i).padStart(2, '0')}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'symphony.toml'), manifest(i));
    fs.writeFileSync(path.join(dir, 'index.js'), `exports.activate = (s) => s.commands.register('bulk-${String(i).padStart(2, '0')}.run', async () => ${i});\n`);
  }
  installedBeforeActivation = true;
});

async function timeRefresh(): Promise<number> {
  const started = performance.now();
  await vscode.commands.executeCommand('symphony.extensions.refresh');
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe(`Symphony with ${COUNT} sub-extensions in the user folder`, function () {
  this.timeout(120_000);

  after(async () => {
    fs.rmSync(userDir, { recursive: true, force: true });
    await vscode.commands.executeCommand('symphony.extensions.refresh');
  });

  it('activates without reading them, then discovers all of them', async function () {
    if (!installedBeforeActivation) this.skip();
    const api = await vscode.extensions.getExtension<SymphonyApi>(extensionId)!.activate();
    const user = () => api.extensions.host.list().filter((e) => e.source === 'user');
    await until(() => (user().length === COUNT ? true : undefined));
    assert.deepEqual(api.extensions.host.problems.filter((p) => p.severity === 'error' && p.extension.startsWith('bulk-')), []);
    assert.ok(user().every((e) => e.state === 'Loaded'), 'none of them runs before an activation event');
    assert.ok((await vscode.commands.getCommands(true)).includes('symphony.ext.bulk-49.bulk-49.run'));

    const warm50 = median([await timeRefresh(), await timeRefresh(), await timeRefresh()]);
    const moved = `${userDir}.away`;
    fs.renameSync(userDir, moved);
    const warm0 = median([await timeRefresh(), await timeRefresh(), await timeRefresh()]);
    fs.renameSync(moved, userDir);
    await timeRefresh();
    const record = {
      installed: COUNT,
      activationMs: api.activationMs,
      refreshWith50Ms: warm50,
      refreshWithoutMs: warm0,
      refreshRatio: warm50 / warm0,
      loadavg: os.loadavg(),
      measuredAt: new Date().toISOString(),
    };
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, 'activation-50-extensions.json'), JSON.stringify(record, null, 2) + '\n');
    console.log(`      activate() with ${COUNT} installed: ${api.activationMs.toFixed(2)} ms (target < 50 ms)`);
    console.log(`      refresh (discover, resolve, register commands) with ${COUNT}: ${warm50.toFixed(1)} ms; without: ${warm0.toFixed(1)} ms; ratio ${record.refreshRatio.toFixed(2)}`);
  });
});

async function until<T>(probe: () => T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`the ${COUNT} user extensions were not all discovered within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
