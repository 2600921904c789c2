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
  it('runs n8n\'s default snippet (a for loop) in the built-in QuickJS sandbox, with console.log in the run log', async function () {
    this.timeout(60_000);
    const input = [items({ a: 1 }, { a: 2 })];
    const snippet = "// Loop over input items and add a new field called 'myNewField' to the JSON of each one\nfor (const item of $input.all()) {\n  item.json.myNewField = 1;\n}\nconsole.log('done', $input.all().length);\nreturn $input.all();";
    const ctx = testContext(codeOperator, { jsCode: snippet }, input);
    const [all] = await codeOperator.execute(ctx, input, new AbortController().signal);
    assert.deepEqual(jsonOf(all), [{ a: 1, myNewField: 1 }, { a: 2, myNewField: 1 }]);
    assert.deepEqual(all!.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
    assert.deepEqual(ctx.logs, ['info: done 2']);
    assert.deepEqual(jsonOf(input[0]), [{ a: 1 }, { a: 2 }], 'the input items are not changed');
    const [each] = await run(codeOperator, { mode: 'runOnceForEachItem', jsCode: 'let d = 0;\nfor (let i = 0; i < 2; i++) d += $json.a;\nreturn { json: { double: d } };' }, input);
    assert.deepEqual(jsonOf(each), [{ double: 2 }, { double: 4 }]);
    assert.deepEqual(each!.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
  });

  it('runs through the sandbox seam and normalises what the code returns', async () => {
    const calls: unknown[] = [];
    const sandbox: CodeSandbox = {
      async runJavaScript(request) {
        calls.push(request.mode);
        // "each item" without an itemIndex answers one result per item.
        return request.mode === 'runOnceForEachItem' ? request.items.map((item) => ({ doubled: (item.json['v'] as number) * 2 })) : [{ json: { n: request.items.length } }, { plain: true }];
      },
    };
    const input = [items({ v: 1 }, { v: 2 })];
    const [all] = await run(codeOperator, { jsCode: '…' }, input, { services: { sandbox } });
    assert.deepEqual(jsonOf(all), [{ n: 2 }, { plain: true }]);
    const [each] = await run(codeOperator, { jsCode: '…', mode: 'runOnceForEachItem' }, input, { services: { sandbox } });
    assert.deepEqual(jsonOf(each), [{ doubled: 2 }, { doubled: 4 }]);
    assert.deepEqual(each!.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
    assert.deepEqual(calls, ['runOnceForAllItems', 'runOnceForEachItem']);
  });

  it('rejects results that are not objects', async () => {
    const sandbox: CodeSandbox = { runJavaScript: async () => [1, 2] };
    await assert.rejects(run(codeOperator, { jsCode: '…' }, [items({})], { services: { sandbox } }), /returned number at index 0/);
  });
});
