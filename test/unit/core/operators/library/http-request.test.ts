import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpRequest } from '../../../../../src/core/operators/http/http-request';
import { run } from './test-context';

describe('http.request (real server on 127.0.0.1)', () => {
  let server: http.Server;
  let base: string;
  const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  let flaky = 0;

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.url!.startsWith('/flaky') && flaky-- > 0) {
          res.writeHead(503).end('busy');
          return;
        }
        if (req.url!.startsWith('/missing')) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('no such thing');
          return;
        }
        if (req.url!.startsWith('/slow')) return void setTimeout(() => res.end('late'), 2000);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, echo: body }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
  beforeEach(() => (seen.length = 0));

  it('sends JSON with query and parses a JSON response', async () => {
    const [[item]] = (await run(httpRequest, '.', { method: 'POST', url: `${base}/items`, query: { page: 2 }, bodyType: 'json', body: { a: 1 } })) as [[{ json: { status: number; body: { ok: boolean; echo: string } } }]];
    assert.equal(item.json.status, 200);
    assert.equal(item.json.body.echo, '{"a":1}');
    assert.equal(seen[0]!.url, '/items?page=2');
    assert.equal(seen[0]!.headers['content-type'], 'application/json');
  });

  it('retries 503 with backoff, then succeeds', async () => {
    flaky = 2;
    const [[item]] = (await run(httpRequest, '.', { url: `${base}/flaky`, retries: 3, backoffMs: 10 })) as [[{ json: { attempts: number } }]];
    assert.equal(item.json.attempts, 3);
    assert.equal(seen.length, 3);
  });

  it('fails clearly on 4xx, or returns it as an item when asked', async () => {
    await assert.rejects(run(httpRequest, '.', { url: `${base}/missing` }), /answered 404 Not Found.*no such thing/);
    const [[item]] = (await run(httpRequest, '.', { url: `${base}/missing`, failOnHttpError: false })) as [[{ json: { status: number } }]];
    assert.equal(item.json.status, 404);
  });

  it('sends a credential from secret storage by name, and names a missing secret', async () => {
    await run(httpRequest, '.', { url: `${base}/x`, credential: 'api' }, [[]], { getSecret: async (n) => (n === 'api' ? 's3cret' : undefined) });
    assert.equal(seen[0]!.headers.authorization, 'Bearer s3cret');
    await assert.rejects(run(httpRequest, '.', { url: `${base}/x`, credential: 'other' }, [[]], { getSecret: async () => undefined }), /no secret named "other"/);
  });

  it('times out and rejects bad URLs', async () => {
    await assert.rejects(run(httpRequest, '.', { url: `${base}/slow`, timeoutMs: 100, retries: 0 }), /no answer within 100 ms/);
    await assert.rejects(run(httpRequest, '.', { url: 'not a url' }), /is not a URL/);
    await assert.rejects(run(httpRequest, '.', { url: 'file:///etc/passwd' }), /only http and https/);
  });
});
