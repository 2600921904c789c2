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

/** n8n's content types → `http.request`'s body types. */
const BODY_TYPES: Record<string, string> = { json: 'json', 'form-urlencoded': 'form', 'multipart-form-data': 'form', raw: 'text' };
const CONTENT_TYPES: Record<string, string> = { json: 'json', form: 'form-urlencoded', text: 'raw' };

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
    out['bodyType'] = BODY_TYPES[type] ?? 'json';
  }
  const options = obj(params['options']);
  if (typeof options['timeout'] === 'number') out['timeoutMs'] = options['timeout'];
  if (obj(obj(options['response'])['response'])['neverError'] === true) out['failOnHttpError'] = false;
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
  const bodyType = String(params['bodyType'] ?? (body !== undefined && body !== null ? 'json' : 'none'));
  if (bodyType !== 'none' && body !== undefined && body !== null) {
    const type = CONTENT_TYPES[bodyType] ?? 'json';
    out['sendBody'] = true;
    out['contentType'] = type;
    if (type === 'raw') out['body'] = body;
    else if (typeof body === 'string') Object.assign(out, { specifyBody: 'json', jsonBody: body });
    else out['bodyParameters'] = toPairs(body);
  }
  const options: JsonObject = {};
  if (typeof params['timeoutMs'] === 'number') options['timeout'] = params['timeoutMs'];
  if (params['failOnHttpError'] === false) options['response'] = { response: { neverError: true } };
  out['options'] = options;
  return out;
}
