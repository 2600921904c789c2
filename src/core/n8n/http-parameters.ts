import type { JsonObject, JsonValue } from '../operators/operator';

/**
 * n8n's HTTP Request (3+) parameters ↔ Symphony's `http.request` params. n8n spreads a request
 * over switches (`sendQuery`, `sendHeaders`, `sendBody`) and key/value lists; Symphony keeps
 * `method`, `url`, `query`, `headers`, `body` and `timeoutMs`. Fields with no counterpart (auth,
 * pagination, proxy…) stay in the node's `n8n` record and come back on export.
 */

const obj = (v: JsonValue | undefined): JsonObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});

function pairs(v: JsonValue | undefined): JsonObject {
  const list = obj(v)['parameters'];
  const out: JsonObject = {};
  if (Array.isArray(list)) for (const p of list) if (typeof p === 'object' && p !== null && !Array.isArray(p) && p['name']) out[String(p['name'])] = p['value'] ?? '';
  return out;
}

const toPairs = (v: JsonValue | undefined) => ({ parameters: Object.entries(obj(v)).map(([name, value]) => ({ name, value })) });

/** n8n HTTP Request parameters → `http.request` params. */
export function httpFromN8n(params: JsonObject): JsonObject {
  const out: JsonObject = { method: params['method'] ?? 'GET', url: params['url'] ?? '' };
  if (params['sendQuery']) out['query'] = params['specifyQuery'] === 'json' ? (params['jsonQuery'] ?? {}) : pairs(params['queryParameters']);
  if (params['sendHeaders']) out['headers'] = params['specifyHeaders'] === 'json' ? (params['jsonHeaders'] ?? {}) : pairs(params['headerParameters']);
  if (params['sendBody']) {
    const type = String(params['contentType'] ?? 'json');
    if (type === 'raw') out['body'] = params['body'] ?? '';
    else out['body'] = params['specifyBody'] === 'json' ? (params['jsonBody'] ?? {}) : pairs(params['bodyParameters']);
    out['bodyType'] = type;
  }
  const timeout = obj(params['options'])['timeout'];
  if (typeof timeout === 'number') out['timeoutMs'] = timeout;
  return out;
}

/** `http.request` params → n8n HTTP Request 4.2 parameters. */
export function httpToN8n(params: JsonObject): JsonObject {
  const out: JsonObject = { method: params['method'] ?? 'GET', url: params['url'] ?? '' };
  const q = params['query'];
  if (q !== undefined) Object.assign(out, typeof q === 'string' ? { sendQuery: true, specifyQuery: 'json', jsonQuery: q } : { sendQuery: true, queryParameters: toPairs(q) });
  const h = params['headers'];
  if (h !== undefined) Object.assign(out, typeof h === 'string' ? { sendHeaders: true, specifyHeaders: 'json', jsonHeaders: h } : { sendHeaders: true, headerParameters: toPairs(h) });
  const body = params['body'];
  if (body !== undefined) {
    const type = String(params['bodyType'] ?? 'json');
    out['sendBody'] = true;
    out['contentType'] = type;
    if (type === 'raw') out['body'] = body;
    else if (typeof body === 'string') Object.assign(out, { specifyBody: 'json', jsonBody: body });
    else out['bodyParameters'] = toPairs(body);
  }
  out['options'] = typeof params['timeoutMs'] === 'number' ? { timeout: params['timeoutMs'] } : {};
  return out;
}
