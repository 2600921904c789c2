import assert from 'node:assert/strict';
import { codiconName, parseViewItems, parseWebviewContent, sanitizeViewHtml, webviewDocument } from '../../../../src/host/extensions/view-items';

describe('sub-extension view contents', () => {
  it('accepts rows with id and label, and names the first bad row', () => {
    assert.deepEqual(parseViewItems([{ id: 'a', label: 'A', collapsible: true }], 'todo.list'), { items: [{ id: 'a', label: 'A', collapsible: true }] });
    assert.deepEqual(parseViewItems(null, 'todo.list'), { items: [] });
    assert.match((parseViewItems([{ id: 'a', label: 'A' }, { id: 'b' }], 'todo.list') as { error: string }).error, /"todo\.list" returned an invalid item \[1\]\.label/);
    assert.match((parseViewItems('nope', 'todo.list') as { error: string }).error, /returned string; return a list/);
  });

  it('reads codicon names with or without $(…), and nothing else', () => {
    assert.equal(codiconName('$(check)'), 'check');
    assert.equal(codiconName('sync~spin'), 'sync~spin');
    assert.equal(codiconName('http://x/y.png'), undefined);
  });

  it('takes webview content as a string or { title, html }', () => {
    assert.deepEqual(parseWebviewContent('<p>x</p>', 'T'), { title: 'T', html: '<p>x</p>' });
    assert.deepEqual(parseWebviewContent({ title: 'Mine', html: '<b>y</b>' }, 'T'), { title: 'Mine', html: '<b>y</b>' });
    assert.ok('error' in parseWebviewContent(42, 'T'));
  });

  it('strips scripts, handlers, javascript: links and embedded frames unless scripts are allowed', () => {
    const html = '<p onclick="evil()">hi</p><script>evil()</script><a href="javascript:evil()">x</a><iframe src="https://x"></iframe><img src=x onerror=evil()>';
    const clean = sanitizeViewHtml(html, false);
    assert.doesNotMatch(clean, /script|onclick|onerror|javascript:|iframe/i);
    assert.match(clean, /<p>hi<\/p>/);
    assert.match(sanitizeViewHtml(html, true), /<script>evil\(\)<\/script>/);
    assert.doesNotMatch(sanitizeViewHtml(html, true), /iframe/);
  });

  it('wraps the body in a strict CSP: no scripts at all without permission, only nonce scripts with it', () => {
    const noScripts = webviewDocument({ title: 'A<b>', body: '<script>x()</script><p>ok</p>', cspSource: 'vscode-webview://abc', nonce: 'N0', allowScripts: false });
    assert.match(noScripts, /default-src 'none'; .*script-src 'none';/);
    assert.doesNotMatch(noScripts, /<script/);
    assert.match(noScripts, /<title>A&#60;b&#62;<\/title>/);
    const withScripts = webviewDocument({ title: 'A', body: '<script>x()</script><script src="https://evil/x.js"></script>', cspSource: 'vscode-webview://abc', nonce: 'N0', allowScripts: true });
    assert.match(withScripts, /script-src 'nonce-N0';/);
    assert.match(withScripts, /<script nonce="N0">x\(\)<\/script>/);
    assert.match(withScripts, /<script src="https:\/\/evil\/x\.js">/, 'a remote script gets no nonce, so the CSP blocks it');
  });
});
