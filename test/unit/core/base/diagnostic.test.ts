import assert from 'node:assert/strict';
import { closest, formatDiagnostic, formatPath, hasErrors } from '../../../../src/core/base/diagnostic';

describe('diagnostics', () => {
  it('suggests the closest name for a typo and nothing for a far-off word', () => {
    assert.equal(closest('fs.raed', ['fs.read', 'fs.write', 'net.http']), 'fs.read');
    assert.equal(closest('completely-different', ['fs.read', 'fs.write']), undefined);
  });

  it('formats paths with 0-based indices', () => {
    assert.equal(formatPath(['security', 'permissions', 2, 'name']), 'security.permissions[2].name');
  });

  it('prints file, line, column, path, message and fix on one line', () => {
    const text = formatDiagnostic({
      severity: 'error', code: 'UnknownPermission', message: 'unknown permission "fs.raed"',
      file: 'symphony.toml', line: 12, column: 3, path: 'security.permissions[2]', fix: 'did you mean "fs.read"?',
    });
    assert.equal(text, 'symphony.toml:12:3 — security.permissions[2]: error UnknownPermission: unknown permission "fs.raed" (did you mean "fs.read"?)');
    assert.equal(hasErrors([{ severity: 'warning', code: 'x', message: 'y' }]), false);
  });
});
