// The V8 code cache of the engine bundles, with real children: a maker child writes it once, the
// children after it compile from it, a cache V8 refuses is dropped, and no serving child can write.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CACHES_PER_ENGINE, childArguments, codeCacheFile, DEFAULT_PROCESS_LIMITS, defaultCodeCacheDir, pruneCodeCaches, PingRequest, SandboxProcess, type EngineKind, type LaunchOptions } from '../../../../src/core/sandbox';
import { until } from '../../../integration/until';
import { fixtureExtension, makePlayground, makeRuntime, type Playground } from './sandbox-fixture';
import { buildWorker, copyWorker } from './worker-bundle';

const cachesIn = (dir: string, engine: EngineKind) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith(`${engine}-`) && f.endsWith('.v8cache')) : []);

describe('sandbox code cache', function () {
  this.timeout(60_000);
  let play: Playground;
  let cacheDir: string;
  const children: SandboxProcess[] = [];

  beforeEach(() => {
    play = makePlayground();
    cacheDir = path.join(play.root, 'code-cache');
  });
  afterEach(() => {
    for (const c of children.splice(0)) c.dispose();
    play.cleanup();
  });

  /** Starts a bare child of `engine` and asks it what became of its code cache. */
  async function codeCacheOf(launch: LaunchOptions, engine: EngineKind, heapMb = DEFAULT_PROCESS_LIMITS.heapMb): Promise<string> {
    const child = new SandboxProcess(launch, { ...DEFAULT_PROCESS_LIMITS, heapMb }, [], play.workspace, engine);
    children.push(child);
    return (await child.connection.sendRequest(PingRequest)).codeCache;
  }

  for (const [level, engine] of [['moderate', 'vm2'], ['strict', 'quickjs']] as const) {
    it(`is made once for ${engine} by a child of its own, and the next ${level} children start from it`, async () => {
      const runtime = await makeRuntime(play.workspace, { launch: { workerPath: await buildWorker(), codeCacheDir: cacheDir } });
      try {
        const first = await runtime.start(fixtureExtension('benign', level));
        assert.deepEqual(await first.invoke('benign.echo', { n: 1 }), { echo: { n: 1 }, calls: 1 });
        await until(`a ${engine} code cache in ${cacheDir}`, () => (cachesIn(cacheDir, engine).length === 1) || undefined, 30_000);
        // A moderate child's heap is its extension's memory limit (32 MB here); V8 takes a cache
        // only under the flags it was made with, the heap sizes among them.
        assert.equal(await codeCacheOf({ workerPath: await buildWorker(), codeCacheDir: cacheDir }, engine, engine === 'vm2' ? 32 : undefined), 'accepted');
        // A child started with the cache serves extensions as before.
        const second = await runtime.start(fixtureExtension('benign', level, { id: `second-${level}` }));
        assert.deepEqual(await second.invoke('benign.echo', { n: 2 }), { echo: { n: 2 }, calls: 1 });
        assert.deepEqual(cachesIn(cacheDir, engine).length, 1, 'no second cache was made for the same bundle and flags');
      } finally {
        runtime.dispose();
      }
    });
  }

  it('works in a cache folder reached through a symlink (Node\'s permission model matches paths as given)', async () => {
    const real = path.join(play.root, 'real-cache');
    fs.mkdirSync(real);
    fs.symlinkSync(real, cacheDir);
    const launch = { workerPath: await buildWorker(), codeCacheDir: cacheDir };
    assert.equal(await codeCacheOf(launch, 'vm2'), 'none');
    await until('a vm2 cache behind the symlink', () => (cachesIn(real, 'vm2').length === 1) || undefined, 30_000);
    assert.equal(await codeCacheOf(launch, 'vm2'), 'accepted');
    assert.equal(cachesIn(real, 'vm2').length, 1, 'the cache was kept, not dropped and made again');
  });

  it('drops a cache V8 refuses, and the child still serves', async () => {
    const launch = { workerPath: await buildWorker(), codeCacheDir: cacheDir };
    const cache = codeCacheFile(cacheDir, launch.workerPath, process.execPath, 'vm2', childArguments(launch, DEFAULT_PROCESS_LIMITS.heapMb, [], 'vm2').args.filter((a) => /^--(max-|liftoff)/.test(a)))!;
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(cache.file, Buffer.alloc(4096, 7));
    const child = new SandboxProcess(launch, { ...DEFAULT_PROCESS_LIMITS, heartbeatMs: 50 }, [], play.workspace, 'vm2');
    children.push(child);
    assert.equal((await child.connection.sendRequest(PingRequest)).codeCache, 'rejected');
    await until('the refused cache to be removed or remade', () => (!fs.existsSync(cache.file) || fs.readFileSync(cache.file)[0] !== 7) || undefined, 10_000);
  });

  it('names a cache by the bundle content, so a changed bundle never gets a stale cache', async () => {
    const dist = fs.mkdtempSync(path.join(play.root, 'dist-'));
    const workerPath = await copyWorker(dist);
    const before = codeCacheFile(cacheDir, workerPath, process.execPath, 'vm2', ['--max-old-space-size=32'])!;
    // Same length, other content: V8 itself would only compare the length.
    const bundle = path.join(dist, 'sandbox-worker-vm2.js');
    const text = fs.readFileSync(bundle, 'utf8');
    fs.writeFileSync(bundle, text.replace('sandbox', 'Sandbox'));
    const after = codeCacheFile(cacheDir, workerPath, process.execPath, 'vm2', ['--max-old-space-size=32'])!;
    assert.notEqual(after.file, before.file);
    assert.notEqual(codeCacheFile(cacheDir, workerPath, process.execPath, 'vm2', ['--max-old-space-size=64'])!.file, after.file, 'other V8 flags, other cache');
  });

  it('gives serving children read access to the cache only, and the maker write access to the cache folder only', async function () {
    const launch = { workerPath: await buildWorker(), codeCacheDir: cacheDir };
    const command = childArguments(launch, 32, [], 'quickjs');
    if (!command.permissionFlag) this.skip();
    assert.ok(!command.args.some((a) => a.startsWith('--allow-fs-write')), 'a serving child may not write');
    command.makeCodeCache();
    await until('the quickjs cache', () => (cachesIn(cacheDir, 'quickjs').length === 1) || undefined, 30_000);
    const next = childArguments(launch, 32, [], 'quickjs');
    assert.ok(next.args.includes(`--allow-fs-read=${fs.realpathSync(next.codeCache!.file)}`));
    assert.ok(!next.args.some((a) => a.startsWith('--allow-fs-write')));
    assert.equal(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.partial')).length, 0, 'no half-written cache is left behind');
  });

  it('keeps the cache folder bounded: the newest caches of an engine, no stale pieces', () => {
    fs.mkdirSync(cacheDir, { recursive: true });
    const touch = (name: string, ageMs: number) => {
      const file = path.join(cacheDir, name);
      fs.writeFileSync(file, 'x');
      const t = new Date(Date.now() - ageMs);
      fs.utimesSync(file, t, t);
    };
    for (let i = 0; i < CACHES_PER_ENGINE + 2; i++) touch(`vm2-${i}.v8cache`, i * 60_000);
    touch('quickjs-0.v8cache', 99 * 60_000);
    touch('vm2-0.v8cache.123.partial', 2 * 60 * 60_000);
    touch('vm2-1.v8cache.456.partial', 1000);
    pruneCodeCaches(cacheDir, 'vm2');
    const left = fs.readdirSync(cacheDir).sort();
    // One place is left for the cache about to be made.
    assert.deepEqual(left.filter((f) => f.startsWith('vm2-') && f.endsWith('.v8cache')), Array.from({ length: CACHES_PER_ENGINE - 1 }, (_, i) => `vm2-${i}.v8cache`));
    assert.ok(left.includes('quickjs-0.v8cache'), 'other engines are left alone');
    assert.ok(!left.includes('vm2-0.v8cache.123.partial'), 'a piece left by a maker that died long ago goes');
    assert.ok(left.includes('vm2-1.v8cache.456.partial'), 'a piece a maker may still be writing stays');
  });

  it('is left out when the launch names no cache folder', async () => {
    const command = childArguments({ workerPath: await buildWorker() }, 32, [], 'vm2');
    assert.equal(command.codeCache, undefined);
    assert.ok(!command.args.some((a) => a.startsWith('--code-cache')));
    assert.equal(await codeCacheOf({ workerPath: await buildWorker() }, 'vm2'), 'none');
  });
});

describe('default code cache folder', () => {
  it('follows XDG_CACHE_HOME and can be turned off', () => {
    assert.equal(defaultCodeCacheDir({ XDG_CACHE_HOME: '/x/cache' }), path.join('/x/cache', 'symphony', 'sandbox-code-cache'));
    assert.equal(defaultCodeCacheDir({ SYMPHONY_CODE_CACHE: 'off', XDG_CACHE_HOME: '/x' }), undefined);
    assert.ok(defaultCodeCacheDir({})!.startsWith(os.homedir()));
  });
});
