import assert from 'node:assert/strict';
import { QuickJsCodeSandbox } from '../../../../src/core/code-sandbox/quickjs-code-sandbox';
import type { CodeRunRequest } from '../../../../src/core/operators/core/code';

const items = [{ json: { n: 1 } }, { json: { n: 2 } }];
const never = new AbortController().signal;

function request(code: string, extra: Partial<CodeRunRequest> = {}): CodeRunRequest {
  return { code, mode: 'runOnceForAllItems', items, nodeId: 'Code', ...extra };
}

describe('QuickJS code sandbox', function () {
  // The first run compiles QuickJS's WebAssembly; the machine may be busy.
  this.timeout(60_000);
  const sandbox = new QuickJsCodeSandbox({ timeoutMs: 500, memoryMb: 8 });

  it('runs loops, let, assignments and await, and returns JSON', async () => {
    const out = await sandbox.runJavaScript(request('let sum = 0;\nfor (const item of $input.all()) sum += item.json.n;\nconst later = await Promise.resolve(sum);\nreturn [{ json: { sum: later, count: items.length } }];'), never);
    assert.deepEqual(out, [{ json: { sum: 3, count: 2 } }]);
  });

  it('runs once per item in "each item" mode with $json, $input.item and $itemIndex', async () => {
    const out = await sandbox.runJavaScript(request('$input.item.json.twice = $json.n * 2;\n$input.item.json.at = $itemIndex;\nreturn $input.item;', { mode: 'runOnceForEachItem' }), never);
    assert.deepEqual(out, [{ json: { n: 1, twice: 2, at: 0 } }, { json: { n: 2, twice: 4, at: 1 } }]);
  });

  it('sends console output to the log', async () => {
    const logs: string[] = [];
    await sandbox.runJavaScript(request('console.log("count", $input.all().length, { a: 1 });\nconsole.warn("careful");\nreturn [];', { log: (level, message) => logs.push(`${level}: ${message}`) }), never);
    assert.deepEqual(logs, ['info: count 2 {"a":1}', 'warn: careful']);
  });

  it('gives the host\'s process, require and globals no way in', async () => {
    const seen = await sandbox.runJavaScript(request('return [typeof process, typeof require, typeof module, typeof Function("return this")().process, typeof globalThis.Buffer];'), never);
    assert.deepEqual(seen, ['undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
    // Constructors reached from guest objects build guest functions, which see only the guest's globals.
    await assert.rejects(sandbox.runJavaScript(request('return ({}).constructor.constructor("return process")().env;'), never), (e: Error & { code?: string }) => e.code === 'CodeFailed' && /process/.test(e.message));
    await assert.rejects(sandbox.runJavaScript(request('return __log.constructor("return require(\'fs\')")();'), never), (e: Error & { code?: string }) => e.code === 'CodeFailed' && /require/.test(e.message));
    // The items cross as JSON: changing them inside does not change the host's objects.
    await sandbox.runJavaScript(request('$input.all()[0].json.n = 99; return [];'), never);
    assert.equal(items[0]!.json.n, 1);
  });

  it('stops an infinite loop at the time limit', async () => {
    const started = Date.now();
    await assert.rejects(sandbox.runJavaScript(request('while (true) {}'), never), (e: Error & { code?: string }) => e.code === 'CodeTimeout' && /500 ms/.test(e.message));
    assert.ok(Date.now() - started < 20_000);
    // The sandbox is still usable afterwards.
    assert.deepEqual(await sandbox.runJavaScript(request('return [{ ok: true }];'), never), [{ ok: true }]);
  });

  it('stops code past its memory limit, and runaway recursion', async () => {
    const sandbox = new QuickJsCodeSandbox({ timeoutMs: 30_000, memoryMb: 8 });
    await assert.rejects(sandbox.runJavaScript(request('const all = [];\nfor (let i = 0; ; i++) all.push({ i, text: "item " + i });'), never), (e: Error & { code?: string }) => e.code === 'CodeOutOfMemory');
    // QuickJS's allocator does not count typed-array storage; the bounded WebAssembly memory does.
    await assert.rejects(sandbox.runJavaScript(request('const all = [];\nfor (;;) all.push(new Uint8Array(1e6));'), never), (e: Error & { code?: string }) => e.code === 'CodeOutOfMemory');
    await assert.rejects(sandbox.runJavaScript(request('const f = () => f();\nf();'), never), (e: Error & { code?: string }) => e.code === 'CodeOutOfMemory');
    assert.deepEqual(await sandbox.runJavaScript(request('return 1;'), never), 1);
  });

  it('does not start when the run is already cancelled', async () => {
    // A synchronous loop holds the thread, so an abort cannot arrive during it; the time limit
    // covers that case. An abort before the call (or between awaits) stops the code.
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(sandbox.runJavaScript(request('while (true) {}'), controller.signal), (e: Error & { code?: string }) => e.code === 'Cancelled');
  });

  it('names the line of an error in the user\'s code', async () => {
    await assert.rejects(sandbox.runJavaScript(request('const a = 1;\nnull.x;'), never), (e: Error & { code?: string }) => e.code === 'CodeFailed' && /line 2/.test(e.message) && /TypeError/.test(e.message));
  });
});
