import assert from 'node:assert/strict';
import { manualTriggerOperator, noopOperator } from '../../../../../src/core/operators/core/noop';
import { waitOperator } from '../../../../../src/core/operators/core/wait';
import { codeOperator, type CodeSandbox } from '../../../../../src/core/operators/core/code';
import { OperatorError } from '../../../../../src/core/operators/operator';
import { items, jsonOf, run, testContext } from './test-context';

describe('core.noop and core.manual-trigger', () => {
  it('passes items through and re-pairs them', async () => {
    const [out] = await run(noopOperator, {}, [[{ json: { a: 1 }, pairedItem: { item: 5 } }]]);
    assert.deepEqual(out, [{ json: { a: 1 }, pairedItem: { item: 0 } }]);
  });

  it('starts with one empty item, or the run input', async () => {
    assert.deepEqual(jsonOf((await run(manualTriggerOperator, {}, []))[0]), [{}]);
    assert.deepEqual(jsonOf((await run(manualTriggerOperator, {}, [items({ given: true })]))[0]), [{ given: true }]);
  });
});

describe('core.wait', () => {
  it('waits the given time and passes items on', async () => {
    const started = Date.now();
    const [out] = await run(waitOperator, { amount: 0.05, unit: 'seconds' }, [items({ a: 1 })]);
    assert.ok(Date.now() - started >= 45);
    assert.deepEqual(jsonOf(out), [{ a: 1 }]);
  });

  it('stops waiting as soon as the run is cancelled', async () => {
    const controller = new AbortController();
    const input = [items({})];
    const pending = waitOperator.execute(testContext(waitOperator, { amount: 1, unit: 'hours' }, input), input, controller.signal);
    setTimeout(() => controller.abort(new OperatorError('Cancelled', 'cancelled by test')), 10);
    await assert.rejects(pending, /cancelled by test/);
  });

  it('rejects resume modes it cannot honour', async () => {
    await assert.rejects(run(waitOperator, { resume: 'webhook' }, [items({})]), /not supported/);
  });
});

describe('core.code', () => {
  it('runs functional code in the expression interpreter when there is no sandbox', async () => {
    const input = [items({ a: 1 }, { a: 2 })];
    const [all] = await run(codeOperator, { jsCode: 'const total = $input.all().reduce((s, i) => s + i.json.a, 0);\nreturn [{ json: { total } }];' }, input);
    assert.deepEqual(jsonOf(all), [{ total: 3 }]);
    const [each] = await run(codeOperator, { mode: 'runOnceForEachItem', jsCode: 'return { json: { double: $json.a * 2 } };' }, input);
    assert.deepEqual(jsonOf(each), [{ double: 2 }, { double: 4 }]);
  });

  it('says the sandbox is needed for code the interpreter cannot run', async () => {
    await assert.rejects(run(codeOperator, { jsCode: 'for (const item of $input.all()) { item.json.b = 1 }\nreturn $input.all();' }, [items({})]), (e: unknown) => e instanceof OperatorError && e.code === 'SandboxUnavailable' && /needs the JavaScript sandbox/.test(e.message));
  });

  it('runs through the sandbox seam and normalises what the code returns', async () => {
    const calls: unknown[] = [];
    const sandbox: CodeSandbox = {
      async runJavaScript(request) {
        calls.push(request.mode);
        return request.mode === 'runOnceForEachItem' ? { doubled: (request.items[request.itemIndex!]!.json['v'] as number) * 2 } : [{ json: { n: request.items.length } }, { plain: true }];
      },
    };
    const input = [items({ v: 1 }, { v: 2 })];
    const [all] = await run(codeOperator, { jsCode: '…' }, input, { services: { sandbox } });
    assert.deepEqual(jsonOf(all), [{ n: 2 }, { plain: true }]);
    const [each] = await run(codeOperator, { jsCode: '…', mode: 'runOnceForEachItem' }, input, { services: { sandbox } });
    assert.deepEqual(jsonOf(each), [{ doubled: 2 }, { doubled: 4 }]);
    assert.deepEqual(each!.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
    assert.deepEqual(calls, ['runOnceForAllItems', 'runOnceForEachItem', 'runOnceForEachItem']);
  });

  it('rejects results that are not objects', async () => {
    const sandbox: CodeSandbox = { runJavaScript: async () => [1, 2] };
    await assert.rejects(run(codeOperator, { jsCode: '…' }, [items({})], { services: { sandbox } }), /returned number at index 0/);
  });
});
