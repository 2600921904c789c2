import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toDisposable } from '../../../../src/core/base/disposable';
import { ExtensionHost, type ExtensionRuntime, InvalidTransitionError, Lifecycle, UnknownCommandError } from '../../../../src/core/extensions';

function ext(root: string, name: string, extra = ''): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.js'), '');
  fs.writeFileSync(path.join(dir, 'symphony.toml'), `[package]\nname = "${name}"\nversion = "1.0.0"\n\n[runtime]\nentry = "index.js"\n${extra}`);
  return dir;
}

/** A runtime seam that records what started and answers commands in-process. */
function recordingRuntime(behaviour: { failing?: string[]; hangingHook?: string } = {}) {
  const started: string[] = [];
  const disposed: string[] = [];
  const runtime: ExtensionRuntime = {
    async start({ manifest }) {
      if (behaviour.failing?.includes(manifest.id)) throw new Error(`${manifest.id} threw in activate`);
      started.push(manifest.id);
      return {
        invoke: async (command, args) => ({ command, args, from: manifest.id }),
        callHook: (name) => (manifest.id === behaviour.hangingHook ? new Promise(() => undefined) : Promise.resolve(void name)),
        dispose: () => disposed.push(manifest.id),
      };
    },
  };
  return { runtime, started, disposed };
}

describe('ExtensionHost', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-host-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const hostWith = (runtime: ExtensionRuntime, hookTimeoutMs?: number) =>
    new ExtensionHost({ roots: () => [{ dir: root, source: 'workspace' }], runtime, logFor: () => () => undefined, hookTimeoutMs });

  it('loads no code until an activation event fires, then activates dependencies first', async () => {
    ext(root, 'base');
    ext(root, 'app', '\n[dependencies]\nbase = "^1.0.0"\n\n[[commands]]\nid = "app.go"\ntitle = "Go"\n');
    const { runtime, started } = recordingRuntime();
    const host = hostWith(runtime);
    await host.refresh();
    assert.deepEqual(started, []);
    assert.deepEqual(host.list().map((e) => e.state), ['Loaded', 'Loaded']);
    const result = await host.executeCommand('app.go', { n: 1 });
    assert.deepEqual(result, { command: 'app.go', args: { n: 1 }, from: 'app' });
    assert.deepEqual(started, ['base', 'app']);
    assert.deepEqual(host.get('app')!.lifecycle.history.map((h) => h.to), ['Loading', 'Loaded', 'Activating', 'Active']);
    assert.ok(host.get('app')!.lifecycle.history.every((h) => typeof h.at === 'number'));
  });

  it('keeps the others working when one extension fails to activate', async () => {
    ext(root, 'broken', 'activation_events = ["onStartupFinished"]\n');
    ext(root, 'fine', 'activation_events = ["onStartupFinished"]\n');
    const { runtime } = recordingRuntime({ failing: ['broken'] });
    const host = hostWith(runtime);
    await host.refresh();
    const woken = await host.fire({ kind: 'startupFinished' });
    assert.deepEqual(woken.map((e) => e.id), ['fine']);
    assert.equal(host.get('broken')!.state, 'Failed');
    assert.match(host.get('broken')!.lifecycle.error!, /threw in activate/);
    // A failed extension can be tried again.
    await assert.rejects(host.activate('broken'), /threw in activate/);
  });

  it('marks an extension Failed when a lifecycle hook outlives its timeout', async () => {
    ext(root, 'slow', '\n[lifecycle]\non_activate = "start"\n');
    const { runtime } = recordingRuntime({ hangingHook: 'slow' });
    const host = hostWith(runtime, 50);
    await host.refresh();
    await assert.rejects(host.activate('slow'), /lifecycle hook "start" did not finish within 50 ms/);
    assert.equal(host.get('slow')!.state, 'Failed');
  });

  it('disposes everything an extension registered when it deactivates', async () => {
    ext(root, 'tidy', '\n[[commands]]\nid = "tidy.run"\ntitle = "Run"\n');
    const { runtime, disposed } = recordingRuntime();
    const host = hostWith(runtime);
    await host.refresh();
    await host.activate('tidy');
    const e = host.get('tidy')!;
    let released = 0;
    e.store.add(toDisposable(() => released++));
    e.store.add(toDisposable(() => released++));
    await host.deactivate('tidy');
    assert.equal(released, 2);
    assert.equal(e.store.size, 0);
    assert.deepEqual(disposed, ['tidy']);
    assert.equal(e.state, 'Inactive');
  });

  it('reloads a changed extension without touching the others', async () => {
    ext(root, 'a', '\n[[commands]]\nid = "a.x"\ntitle = "X"\n');
    ext(root, 'b', '\n[[commands]]\nid = "b.y"\ntitle = "Y"\n');
    const { runtime } = recordingRuntime();
    const host = hostWith(runtime);
    await host.refresh();
    await host.activate('a');
    await host.activate('b');
    const before = host.get('b');
    fs.appendFileSync(path.join(root, 'a', 'symphony.toml'), '\n[[commands]]\nid = "a.z"\ntitle = "Z"\n');
    await host.reload('a');
    assert.equal(host.get('b'), before, 'b is the same object, still active');
    assert.equal(host.get('b')!.state, 'Active');
    assert.equal(host.get('a')!.state, 'Active');
    assert.deepEqual(host.commands().map((c) => c.id).sort(), ['a.x', 'a.z', 'b.y']);
    await assert.rejects(host.executeCommand('nobody.has.this'), UnknownCommandError);
  });
});

describe('Lifecycle', () => {
  it('rejects invalid transitions and allows Failed from anywhere', () => {
    const l = new Lifecycle('x');
    assert.throws(() => l.move('Active'), InvalidTransitionError);
    l.move('Loading');
    l.fail('boom');
    assert.equal(l.state, 'Failed');
    assert.equal(l.error, 'boom');
    l.move('Loading');
    assert.throws(() => l.move('Inactive'), /cannot go from Loading to Inactive/);
  });
});
