import assert from 'node:assert/strict';
import path from 'node:path';
import { parseManifestText } from '../../../../src/core/manifest';

const HEAD = '[package]\nname = "demo"\nversion = "1.0.0"\n';
const loadManifestFromText = (text: string) => parseManifestText(text, path.join('/tmp/rules', 'symphony.toml'), { fileExists: false });

describe('manifest [services] and [[status_bar]]', () => {
  it('accepts provided and consumed services and fills defaults', () => {
    const { manifest, diagnostics } = loadManifestFromText(
      `${HEAD}[[services.provides]]\nname = "word-count"\nversion = "1.2.0"\n[services.provides.methods.count]\ninput = { type = "object" }\ntimeout = 2\n[[services.consumes]]\nname = "spell"\n`,
    );
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
    assert.equal(manifest!.services.provides[0]!.name, 'word-count');
    assert.deepEqual(Object.keys(manifest!.services.provides[0]!.methods), ['count']);
    assert.deepEqual(manifest!.services.consumes[0], { name: 'spell', version: '*', optional: false });
  });

  it('reports a bad service version, range, duplicate name and method name with their lines', () => {
    const { diagnostics } = loadManifestFromText(
      `${HEAD}[[services.provides]]\nname = "a"\nversion = "1.2"\n[services.provides.methods."do/it"]\n[[services.provides]]\nname = "a"\nversion = "1.0.0"\n[[services.consumes]]\nname = "b"\nversion = "^^1"\n`,
    );
    const codes = diagnostics.map((d) => `${d.code}@${d.line}`);
    assert.ok(codes.includes('InvalidVersion@6'), codes.join(', '));
    assert.ok(codes.includes('InvalidServiceMethod@7'), codes.join(', '));
    assert.ok(codes.includes('DuplicateService@9'), codes.join(', '));
    assert.ok(codes.includes('InvalidVersionRange@13'), codes.join(', '));
  });

  it('checks status bar items: unknown own command, duplicate id, alignment', () => {
    const { manifest, diagnostics } = loadManifestFromText(
      `${HEAD}[[commands]]\nid = "demo.sync"\ntitle = "Sync"\n[[status_bar]]\nid = "s"\ntext = "$(sync) Sync"\ncommand = "demo.sycn"\n[[status_bar]]\nid = "s"\ntext = "x"\nalignment = "middle"\n`,
    );
    const unknown = diagnostics.find((d) => d.code === 'UnknownCommand');
    assert.equal(unknown?.suggestion, 'demo.sync');
    assert.ok(diagnostics.some((d) => d.code === 'DuplicateStatusBarItem' && d.line === 12));
    assert.ok(diagnostics.some((d) => d.path === 'status_bar[1].alignment' && d.severity === 'error'), diagnostics.map((d) => d.path).join(', '));
    assert.equal(manifest, undefined);
  });

  it('gives a valid status bar item its default alignment', () => {
    const { manifest } = loadManifestFromText(`${HEAD}[[status_bar]]\nid = "s"\ntext = "Hello"\n`);
    assert.equal(manifest!.status_bar[0]!.alignment, 'left');
  });

  it('warns when an instrument\'s [model] command is not one of its commands', () => {
    const { diagnostics } = loadManifestFromText(`type = "instrument"\n${HEAD}[model]\nprovider = "custom"\nmodel_name = "m"\ncommand = "demo.complet"\n[[commands]]\nid = "demo.complete"\ntitle = "Complete"\n`);
    const unknown = diagnostics.find((d) => d.code === 'UnknownCommand');
    assert.equal(unknown?.path, 'model.command');
    assert.equal(unknown?.suggestion, 'demo.complete');
  });
});
