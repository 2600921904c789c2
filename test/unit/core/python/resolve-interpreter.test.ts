import assert from 'node:assert/strict';
import path from 'node:path';
import { isPythonError } from '../../../../src/core/python/python-errors';
import { isSupportedVersion, probeInterpreter, resolvePythonInterpreter } from '../../../../src/core/python/resolve-interpreter';
import { fixturesDir, requirePython } from './python-test-setup';

const oldPython = path.join(fixturesDir, 'fake-old-python');

describe('resolvePythonInterpreter', function () {
  this.timeout(20_000);

  before(async function () {
    await requirePython(this);
  });

  it('compares versions against 3.9', () => {
    assert.equal(isSupportedVersion('3.9.0'), true);
    assert.equal(isSupportedVersion('3.12.1'), true);
    assert.equal(isSupportedVersion('3.8.18'), false);
    assert.equal(isSupportedVersion('2.7.18'), false);
    assert.equal(isSupportedVersion('4.0.0'), true);
  });

  it('probes a real interpreter', async () => {
    const probe = await probeInterpreter('python3');
    assert.equal(probe.kind, 'ok');
    if (probe.kind === 'ok') assert.ok(path.isAbsolute(probe.executable));
    assert.deepEqual(await probeInterpreter('/nonexistent/python'), { kind: 'not-found' });
  });

  it('prefers the Python extension, then the setting, then PATH', async () => {
    const source = { label: "the Python extension's active environment", getInterpreterPath: async () => 'python3' };
    assert.equal((await resolvePythonInterpreter({ source, settingPath: oldPython })).origin, 'python-extension');
    const fromSetting = await resolvePythonInterpreter({ settingPath: 'python3', pathCommands: [] });
    assert.equal(fromSetting.origin, 'setting');
    const fromPath = await resolvePythonInterpreter({ pathCommands: ['no-such-python-here', 'python3'] });
    assert.deepEqual([fromPath.origin, fromPath.command], ['path', 'python3']);
  });

  it('falls back when the Python extension has nothing selected', async () => {
    const source = { label: 'the Python extension', getInterpreterPath: async () => undefined };
    assert.equal((await resolvePythonInterpreter({ source, pathCommands: ['python3'] })).origin, 'path');
  });

  it('reports a setting that points nowhere instead of silently using PATH', async () => {
    await assert.rejects(resolvePythonInterpreter({ settingPath: '/opt/missing/bin/python3', pathCommands: ['python3'] }), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonNotFound'));
      assert.match(err.message, /symphony\.python\.path.*\/opt\/missing\/bin\/python3/);
      assert.match(err.message, /clear the setting/);
      return true;
    });
  });

  it('rejects a Python older than 3.9 with what to do', async () => {
    await assert.rejects(resolvePythonInterpreter({ settingPath: oldPython }), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonTooOld'));
      assert.match(err.message, /Python 3\.8\.10/);
      assert.match(err.message, /3\.9 or newer/);
      return true;
    });
    await assert.rejects(resolvePythonInterpreter({ pathCommands: [oldPython, 'no-such-python-here'] }), (err: Error) => isPythonError(err, 'PythonTooOld'));
  });

  it('lists everything it tried when no Python is found', async () => {
    const source = { label: 'the Python extension', getInterpreterPath: async () => '/gone/python' };
    await assert.rejects(resolvePythonInterpreter({ source, pathCommands: ['no-such-python-a', 'no-such-python-b'] }), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonNotFound'));
      assert.match(err.message, /the Python extension \(\/gone\/python: not found\)/);
      assert.match(err.message, /no-such-python-a on PATH \(not found\); no-such-python-b on PATH \(not found\)/);
      assert.match(err.message, /Install Python 3\.9 or newer/);
      return true;
    });
  });
});
