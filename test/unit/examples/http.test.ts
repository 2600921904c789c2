import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyExamples, describeRun, type ExampleWorkspace, itemsByNode, runMelody } from './examples-workspace';

const TASKS = [
  { id: 1, title: 'Write the README', done: true },
  { id: 2, title: 'Add an HTTP example', done: false },
  { id: 3, title: 'Run it in CI', done: false },
];

/** A small task API on 127.0.0.1: GET /tasks, POST /reports (recorded). */
async function taskServer(): Promise<{ baseUrl: string; requests: Array<{ method: string; url: string; type?: string; body: string }>; close(): Promise<void> }> {
  const requests: Array<{ method: string; url: string; type?: string; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, type: req.headers['content-type'], body });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && req.url === '/tasks') return res.end(JSON.stringify(TASKS));
      if (req.method === 'POST' && req.url === '/reports') {
        res.statusCode = 201;
        return res.end(JSON.stringify({ id: 'r1', received: JSON.parse(body) }));
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ error: `no route ${req.method} ${req.url}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

describe('examples/http.melody', () => {
  let ws: ExampleWorkspace;
  let server: Awaited<ReturnType<typeof taskServer>>;
  beforeEach(async () => {
    ws = copyExamples();
    server = await taskServer();
  });
  afterEach(async () => {
    ws.cleanup();
    await server.close();
  });

  it('gets the tasks from the server given by --input, keeps the open ones and posts their titles', async () => {
    const run = await runMelody(ws.dir, 'http.melody', '--input', JSON.stringify({ baseUrl: server.baseUrl }));
    assert.equal(run.code, 0, describeRun(run));
    const { fetch, report, ...rest } = itemsByNode(run);
    const open = TASKS.filter((t) => !t.done);
    assert.deepEqual(rest, {
      start: [[{ baseUrl: server.baseUrl }]],
      settings: [[{ baseUrl: server.baseUrl }]],
      tasks: [TASKS],
      open: [open],
      titles: [[{ open: open.map((t) => t.title) }]],
    });
    // Response headers carry the date; compare what the melody relies on.
    const response = (item: Record<string, unknown>) => ({ status: item.status, statusText: item.statusText, body: item.body, url: item.url, attempts: item.attempts, type: (item.headers as Record<string, string>)['content-type'] });
    assert.deepEqual(fetch![0]!.map(response), [{ status: 200, statusText: 'OK', body: TASKS, url: `${server.baseUrl}/tasks`, attempts: 1, type: 'application/json' }]);
    const posted = { open: ['Add an HTTP example', 'Run it in CI'], count: 2 };
    assert.deepEqual(report![0]!.map(response), [{ status: 201, statusText: 'Created', body: { id: 'r1', received: posted }, url: `${server.baseUrl}/reports`, attempts: 1, type: 'application/json' }]);
    assert.deepEqual(server.requests.map((r) => ({ ...r, body: r.body ? JSON.parse(r.body) : '' })), [
      { method: 'GET', url: '/tasks', type: undefined, body: '' },
      { method: 'POST', url: '/reports', type: 'application/json', body: posted },
    ]);
  });

  it('without --input it calls the documented default, http://127.0.0.1:8080, and says so when nothing answers', async function () {
    // Only meaningful when nothing listens on 8080 here; a developer's own server there is left alone.
    const busy = await new Promise<boolean>((resolve) => {
      const probe = http.get('http://127.0.0.1:8080/', (res) => (res.resume(), resolve(true)));
      probe.on('error', () => resolve(false));
    });
    if (busy) this.skip();
    const run = await runMelody(ws.dir, 'http.melody');
    assert.equal(run.code, 1);
    assert.deepEqual(run.nodes.settings!.outputs, [[{ baseUrl: 'http://127.0.0.1:8080' }]]);
    assert.equal(run.nodes.fetch!.error?.code, 'NetworkError');
    assert.match(run.nodes.fetch!.error!.message, /^GET tasks: GET http:\/\/127\.0\.0\.1:8080\/tasks failed: .*ECONNREFUSED/);
    assert.equal(server.requests.length, 0);
  });
});
