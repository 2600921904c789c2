import { defineOperator } from '../operator-registry';
import { OperatorError, type Item, type JsonValue, type OperatorContext } from '../operator';
import { itemsOf } from '../workspace-path';

const RETRYABLE = (status: number) => status === 429 || status >= 500;

/** http.request: one HTTP call per input item, with retries on 429 and 5xx. */
export const httpRequest = defineOperator(
  {
    id: 'http.request',
    displayName: 'HTTP Request',
    description: 'Calls an HTTP API and returns the response as an item.',
    category: 'Network',
    icon: 'globe',
    params: [
      { name: 'method', displayName: 'Method', type: 'options', default: 'GET', options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map((value) => ({ value })) },
      { name: 'url', displayName: 'URL', type: 'string', required: true, placeholder: 'https://api.example.com/items' },
      { name: 'query', displayName: 'Query', type: 'json', default: {}, description: 'Added to the URL, e.g. {"page": 2}.' },
      { name: 'headers', displayName: 'Headers', type: 'json', default: {} },
      { name: 'bodyType', displayName: 'Body', type: 'options', default: 'none', options: [{ value: 'none' }, { value: 'json' }, { value: 'form' }, { value: 'text' }] },
      { name: 'body', displayName: 'Body content', type: 'json', default: null, showWhen: { bodyType: ['json', 'form', 'text'] } },
      { name: 'credential', displayName: 'Credential (secret name)', type: 'secret', default: '', description: 'The name of a secret stored with "Symphony: Set Secret"; never the secret itself.' },
      { name: 'authType', displayName: 'Send credential as', type: 'options', default: 'bearer', options: [{ value: 'bearer', label: 'Authorization: Bearer' }, { value: 'basic', label: 'Authorization: Basic (user:password)' }, { value: 'header', label: 'Custom header' }] },
      { name: 'authHeader', displayName: 'Header name', type: 'string', default: 'X-API-Key', showWhen: { authType: ['header'] } },
      { name: 'timeoutMs', displayName: 'Timeout (ms)', type: 'number', default: 30000, min: 1 },
      { name: 'retries', displayName: 'Retries on 429/5xx', type: 'number', default: 2, min: 0, max: 10 },
      { name: 'backoffMs', displayName: 'First retry after (ms)', type: 'number', default: 500, min: 0 },
      { name: 'failOnHttpError', displayName: 'Fail on 4xx/5xx', type: 'boolean', default: true },
    ],
    permissions: ['net.http'],
    docs: 'Outputs `{ status, statusText, headers, body, url, attempts }`; JSON responses are parsed. Credentials come from secret storage by name and never appear in the melody or its run history.',
  },
  async (ctx, inputs, signal) => {
    const out: Item[] = [];
    const items = itemsOf(inputs);
    for (let i = 0; i < items.length; i++) out.push({ json: await requestOnce(ctx, i, signal), pairedItem: { item: i } });
    return [out];
  },
);

async function requestOnce(ctx: OperatorContext, i: number, signal: AbortSignal): Promise<Record<string, JsonValue>> {
  const method = String(ctx.param('method', i, 'GET')).toUpperCase();
  const url = buildUrl(ctx, i);
  const headers = new Headers(Object.entries(asObject(ctx.param('headers', i, {}))).map(([k, v]) => [k, String(v)] as [string, string]));
  await applyCredential(ctx, i, headers);
  const body = buildBody(ctx, i, headers);
  const retries = Math.max(0, Number(ctx.param('retries', i, 2)));
  const backoff = Math.max(0, Number(ctx.param('backoffMs', i, 500)));
  const timeoutMs = Number(ctx.param('timeoutMs', i, 30000));
  for (let attempt = 1; ; attempt++) {
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal: AbortSignal.any([signal, timeout]), redirect: 'follow' });
    } catch (e) {
      signal.throwIfAborted();
      if (timeout.aborted) throw new OperatorError('Timeout', `${ctx.nodeName}: ${method} ${url.origin}${url.pathname} gave no answer within ${timeoutMs} ms`);
      if (attempt <= retries) {
        await delay(backoff * 2 ** (attempt - 1), signal);
        continue;
      }
      throw new OperatorError('NetworkError', `${ctx.nodeName}: ${method} ${url.origin}${url.pathname} failed: ${(e as Error).cause ? String((e as { cause: unknown }).cause) : (e as Error).message}`);
    }
    if (RETRYABLE(response.status) && attempt <= retries) {
      await response.arrayBuffer().catch(() => undefined);
      const after = Number(response.headers.get('retry-after'));
      await delay(Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 30_000) : backoff * 2 ** (attempt - 1), signal);
      continue;
    }
    const text = await response.text();
    const isJson = /\bjson\b/i.test(response.headers.get('content-type') ?? '');
    let parsed: JsonValue = text;
    if (isJson && text) {
      try {
        parsed = JSON.parse(text) as JsonValue;
      } catch {
        parsed = text;
      }
    }
    if (response.status >= 400 && ctx.param<boolean>('failOnHttpError', i, true)) {
      throw new OperatorError('HttpError', `${ctx.nodeName}: ${method} ${url.origin}${url.pathname} answered ${response.status} ${response.statusText}${attempt > 1 ? ` after ${attempt} attempts` : ''}: ${text.slice(0, 300)}`, { status: response.status });
    }
    return { status: response.status, statusText: response.statusText, headers: Object.fromEntries(response.headers), body: parsed, url: response.url || url.toString(), attempts: attempt };
  }
}

function buildUrl(ctx: OperatorContext, i: number): URL {
  const raw = String(ctx.param('url', i, ''));
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OperatorError('InvalidParameter', `${ctx.nodeName}: "${raw}" is not a URL; write it in full, e.g. https://api.example.com/items`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OperatorError('InvalidParameter', `${ctx.nodeName}: only http and https URLs are supported, not ${url.protocol}`);
  for (const [k, v] of Object.entries(asObject(ctx.param('query', i, {})))) url.searchParams.append(k, typeof v === 'string' ? v : JSON.stringify(v));
  return url;
}

function buildBody(ctx: OperatorContext, i: number, headers: Headers): string | undefined {
  const type = String(ctx.param('bodyType', i, 'none'));
  const body = ctx.param<JsonValue>('body', i, null);
  if (type === 'none' || body === null || body === undefined) return undefined;
  if (type === 'json') {
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return typeof body === 'string' ? body : JSON.stringify(body);
  }
  if (type === 'form') {
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded');
    return new URLSearchParams(Object.entries(asObject(body)).map(([k, v]) => [k, String(v)] as [string, string])).toString();
  }
  if (!headers.has('content-type')) headers.set('content-type', 'text/plain; charset=utf-8');
  return typeof body === 'string' ? body : JSON.stringify(body);
}

async function applyCredential(ctx: OperatorContext, i: number, headers: Headers): Promise<void> {
  const name = String(ctx.param('credential', i, '') ?? '').trim();
  if (!name) return;
  const secret = await ctx.services.getSecret?.(name);
  if (!secret) {
    throw new OperatorError('MissingSecret', `${ctx.nodeName}: no secret named "${name}" is stored; run "Symphony: Set Secret" in VS Code, or set SYMPHONY_SECRET_${name.toUpperCase().replace(/\W/g, '_')} for the CLI`);
  }
  const type = String(ctx.param('authType', i, 'bearer'));
  if (type === 'basic') headers.set('authorization', `Basic ${Buffer.from(secret).toString('base64')}`);
  else if (type === 'header') headers.set(String(ctx.param('authHeader', i, 'X-API-Key')), secret);
  else headers.set('authorization', `Bearer ${secret}`);
}

function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });
}
