import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BusError, MessageBus } from '../../../../src/core/bus';
import { discoverExtensions, ExtensionHost, ExtensionServices, resolveDependencies, routeExtensionEvents, type ExtensionRuntime } from '../../../../src/core/extensions';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/bus');

/** Writes extension folders (name → symphony.toml text) into a fresh temp root. */
function extensionsDir(manifests: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-services-'));
  for (const [name, toml] of Object.entries(manifests)) {
    fs.mkdirSync(path.join(root, name));
    fs.writeFileSync(path.join(root, name, 'symphony.toml'), toml);
    fs.writeFileSync(path.join(root, name, 'index.js'), '');
  }
  return root;
}

const provider = (name: string, version: string, extra = '') => `[package]\nname = "${name}"\nversion = "1.0.0"\n${extra}\n[[services.provides]]\nname = "spell-check"\nversion = "${version}"\n[services.provides.methods.check]\ninput = { type = "object", properties = { word = { type = "string" } }, required = ["word"] }\n`;
const consumer = (range: string, optional = false) => `[package]\nname = "writer"\nversion = "1.0.0"\n[[services.consumes]]\nname = "spell-check"\nversion = "${range}"\noptional = ${optional}\n`;

function resolve(dir: string) {
  return resolveDependencies(discoverExtensions([{ dir, source: 'dir' }]));
}

describe('services at resolution time', () => {
  it('reports a required service nobody provides as MissingService on the consumer, which does not load', () => {
    const r = resolve(path.join(FIXTURES, 'missing-provider'));
    const p = r.problems.find((x) => x.code === 'MissingService');
    assert.ok(p, JSON.stringify(r.problems));
    assert.equal(p.extension, 'lonely-client');
    assert.equal(p.service, 'spell-check');
    assert.match(p.message, /"spell-check" \^1\.0\.0.*optional = true/);
    assert.ok(!r.loadOrder.includes('lonely-client'));
    // The optional "thesaurus" is missing too, and is no problem.
    assert.equal(r.problems.length, 1);
  });

  it('names the installed versions when none is in range, and accepts one that is', () => {
    const out = resolve(extensionsDir({ old: provider('old-spell', '1.2.0'), writer: consumer('^2.0.0') }));
    const p = out.problems.find((x) => x.code === 'MissingService');
    assert.match(p?.message ?? '', /old-spell@1\.2\.0/);
    const ok = resolve(extensionsDir({ old: provider('old-spell', '2.3.0'), writer: consumer('^2.0.0') }));
    assert.deepEqual(ok.problems, []);
    assert.ok(ok.loadOrder.includes('writer'));
  });

  it('a provider that cannot load does not count, and an optional service never blocks', () => {
    const dir = extensionsDir({
      broken: provider('broken-spell', '1.0.0', '[dependencies]\nnowhere = "^1.0.0"\n'),
      writer: consumer('*'),
    });
    const r = resolve(dir);
    assert.ok(r.problems.some((p) => p.code === 'MissingService' && p.extension === 'writer' && /cannot load/.test(p.message)), JSON.stringify(r.problems));
    const relaxed = resolve(extensionsDir({ writer: consumer('*', true) }));
    assert.deepEqual(relaxed.problems, []);
  });
});

describe('ExtensionServices with an in-process runtime', () => {
  /** Extensions whose "code" is a table of command handlers, so the wiring is tested without processes. */
  function runtimeWith(handlers: Record<string, (args: unknown) => unknown>): ExtensionRuntime & { started: string[] } {
    const started: string[] = [];
    return {
      started,
      async start(launch) {
        started.push(launch.manifest.id);
        return {
          invoke: async (command, args) => {
            const h = handlers[command];
            if (!h) throw Object.assign(new Error(`no command "${command}"`), { code: 'CommandNotFound' });
            return h(args);
          },
          dispose: () => undefined,
        };
      },
    };
  }

  async function world(manifests: Record<string, string>, handlers: Record<string, (args: unknown) => unknown>) {
    const bus = new MessageBus();
    const services = new ExtensionServices(bus);
    const runtime = runtimeWith(handlers);
    const host = new ExtensionHost({ roots: () => [{ dir: extensionsDir(manifests), source: 'dir' }], runtime, logFor: () => () => undefined });
    await host.refresh();
    services.attach(host);
    return { bus, services, host, runtime };
  }

  const withEntry = (toml: string, events: string) => toml.replace('version = "1.0.0"\n', `version = "1.0.0"\n[runtime]\nentry = "index.js"\nactivation_events = [${events}]\n`);

  it('wakes a provider whose activation events include onEvent:service/<name>, validates input with the manifest JSON Schema', async () => {
    const w = await world({ p: withEntry(provider('speller', '1.0.0'), '"onEvent:service/spell-check"'), writer: consumer('^1.0.0') }, { 'service/spell-check/check': (a) => ({ ok: (a as { word: string }).word === 'cat' }) });
    assert.deepEqual(await w.services.call('writer', 'spell-check', 'check', { word: 'cat' }), { ok: true });
    assert.deepEqual(w.runtime.started, ['speller']);
    await assert.rejects(w.services.call('writer', 'spell-check', 'check', { word: 5 }), (e: BusError) => e.code === 'InvalidMessage' && /declared input at word/.test(e.message));
    await w.host.dispose();
  });

  it('does not wake a provider whose activation events do not allow it, and says what to add', async () => {
    const w = await world({ p: withEntry(provider('speller', '1.0.0'), '"onCommand:speller.go"'), writer: consumer('^1.0.0') }, {});
    await assert.rejects(w.services.call('writer', 'spell-check', 'check', { word: 'cat' }), (e: BusError) => e.code === 'ServiceUnavailable' && /onEvent:service\/spell-check/.test(e.message) && /speller/.test(e.message));
    assert.deepEqual(w.runtime.started, []);
    await w.host.activate('speller');
    await assert.rejects(w.services.call('writer', 'spell-check', 'check', { word: 'cat' }), /registers no command "service\/spell-check\/check"/);
    await w.host.deactivate('speller');
    assert.equal(w.services.registry.resolve('spell-check').active, false, 'deactivation takes the service offline');
    await w.host.dispose();
  });

  it('a publish on a channel named by onEvent wakes an extension that does not subscribe to it in [events]', async () => {
    const w = await world({ builder: withEntry('[package]\nname = "builder"\nversion = "1.0.0"\n', '"onEvent:build/*"') }, {});
    const routed = routeExtensionEvents(w.host, w.bus);
    w.bus.publish('symphony', 'test/other', {});
    await w.bus.idle();
    assert.deepEqual(w.runtime.started, []);
    w.bus.publish('symphony', 'build/done', {});
    await w.bus.idle();
    assert.deepEqual(w.runtime.started, ['builder']);
    assert.equal(w.host.get('builder')!.state, 'Active');
    routed.dispose();
    await w.host.dispose();
  });
});
