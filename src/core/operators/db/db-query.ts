import { defineOperator } from '../operator-registry';
import { OperatorError, type Item, type JsonValue, type OperatorContext } from '../operator';
import { itemsOf, resolveInWorkspace } from '../workspace-path';
import { SqliteFile } from './sqlite-engine';

/** db.query: parameterised SQL against a SQLite file or a PostgreSQL server; rows become items. */
export const dbQuery = defineOperator(
  {
    id: 'db.query',
    displayName: 'Database Query',
    description: 'Runs parameterised SQL on SQLite or PostgreSQL; rows become items.',
    category: 'Database',
    icon: 'database',
    params: [
      { name: 'database', displayName: 'Database', type: 'options', default: 'sqlite', options: [{ value: 'sqlite', label: 'SQLite file' }, { value: 'postgres', label: 'PostgreSQL' }] },
      { name: 'file', displayName: 'SQLite file', type: 'path', default: 'data.sqlite', showWhen: { database: ['sqlite'] } },
      { name: 'create', displayName: 'Create the file if missing', type: 'boolean', default: false, showWhen: { database: ['sqlite'] } },
      { name: 'connection', displayName: 'Connection URL secret', type: 'secret', default: '', description: 'Name of a secret holding a postgres:// URL.', showWhen: { database: ['postgres'] } },
      { name: 'query', displayName: 'SQL', type: 'code', language: 'sql', required: true, description: 'Use ? (SQLite) or $1, $2 (PostgreSQL) for values; never paste values into the SQL.' },
      { name: 'params', displayName: 'Parameters', type: 'json', default: [], description: 'Values for the placeholders, per item; expressions allowed.' },
      { name: 'mode', displayName: 'Run', type: 'options', default: 'perItem', options: [{ value: 'perItem', label: 'Once per input item' }, { value: 'once', label: 'Once' }] },
      { name: 'transaction', displayName: 'One transaction', type: 'boolean', default: true, description: 'All statements of this node commit together or not at all.' },
    ],
    permissions: ['fs.read', 'fs.write', 'net.http'],
    docs: 'SELECT rows come out as items (one per row); other statements output `{ changes }`. Everything the node runs is one transaction by default, rolled back on the first error.',
  },
  async (ctx, inputs, signal) => {
    const items = ctx.param<string>('mode', 0, 'perItem') === 'once' ? [{ json: {} }] : itemsOf(inputs);
    const kind = ctx.param<string>('database', 0, 'sqlite');
    return [kind === 'postgres' ? await runPostgres(ctx, items, signal) : await runSqlite(ctx, items, signal)];
  },
);

function statementFor(ctx: OperatorContext, i: number): { sql: string; params: unknown[] } {
  const sql = String(ctx.param('query', i, '') ?? '').trim();
  if (!sql) throw new OperatorError('InvalidParameter', `${ctx.nodeName}: "query" is empty; write the SQL to run`);
  const params = ctx.param<JsonValue>('params', i, []);
  if (!Array.isArray(params)) throw new OperatorError('InvalidParameter', `${ctx.nodeName}: "params" must be a list of values, e.g. [1, "={{ $json.name }}"]`);
  return { sql, params: params.map((p) => (p !== null && typeof p === 'object' ? JSON.stringify(p) : p)) };
}

function toItems(rows: Record<string, unknown>[], changes: number, i: number): Item[] {
  if (rows.length) return rows.map((r) => ({ json: r as Record<string, JsonValue>, pairedItem: { item: i } }));
  return [{ json: { changes }, pairedItem: { item: i } }];
}

async function runSqlite(ctx: OperatorContext, items: Item[], signal: AbortSignal): Promise<Item[]> {
  const file = resolveInWorkspace(ctx, ctx.param<string>('file', 0, 'data.sqlite'), 'file');
  let db: SqliteFile;
  try {
    db = await SqliteFile.open(file, ctx.param<boolean>('create', 0, false));
  } catch (e) {
    throw new OperatorError('DatabaseNotFound', `${ctx.nodeName}: ${(e as Error).message}`);
  }
  const tx = ctx.param<boolean>('transaction', 0, true);
  const out: Item[] = [];
  let ok = false;
  try {
    if (tx) db.exec('BEGIN');
    for (let i = 0; i < items.length; i++) {
      signal.throwIfAborted();
      const { sql, params } = statementFor(ctx, i);
      try {
        const { rows, changes } = db.run(sql, params);
        out.push(...toItems(rows, changes, i));
      } catch (e) {
        throw new OperatorError('QueryFailed', `${ctx.nodeName}: SQLite rejected the query for item ${i}: ${(e as Error).message}${tx ? ' — nothing was written' : ''}`);
      }
    }
    if (tx) db.exec('COMMIT');
    ok = true;
  } finally {
    db.close(ok || !tx);
  }
  return out;
}

async function runPostgres(ctx: OperatorContext, items: Item[], signal: AbortSignal): Promise<Item[]> {
  const secretName = String(ctx.param('connection', 0, '') ?? '').trim();
  if (!secretName) throw new OperatorError('InvalidParameter', `${ctx.nodeName}: set "connection" to the name of a secret holding the postgres:// URL`);
  const url = await ctx.services.getSecret?.(secretName);
  if (!url) throw new OperatorError('MissingSecret', `${ctx.nodeName}: no secret named "${secretName}" is stored; run "Symphony: Set Secret" in VS Code, or set SYMPHONY_SECRET_${secretName.toUpperCase().replace(/\W/g, '_')} for the CLI`);
  const { Client } = await loadPg();
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  const onAbort = () => void client.end().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
  } catch (e) {
    throw new OperatorError('ConnectionFailed', `${ctx.nodeName}: cannot connect to PostgreSQL (${redact(url)}): ${(e as Error).message}`);
  }
  const tx = ctx.param<boolean>('transaction', 0, true);
  const out: Item[] = [];
  try {
    if (tx) await client.query('BEGIN');
    for (let i = 0; i < items.length; i++) {
      signal.throwIfAborted();
      const { sql, params } = statementFor(ctx, i);
      try {
        const result = await client.query(sql, params);
        out.push(...toItems(result.rows as Record<string, unknown>[], result.rowCount ?? 0, i));
      } catch (e) {
        throw new OperatorError('QueryFailed', `${ctx.nodeName}: PostgreSQL rejected the query for item ${i}: ${(e as Error).message}${tx ? ' — the transaction was rolled back' : ''}`);
      }
    }
    if (tx) await client.query('COMMIT');
  } catch (e) {
    if (tx) await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await client.end().catch(() => undefined);
  }
  return out;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * The PostgreSQL client, loaded on first use. The packaged extension ships it as its own CommonJS
 * file, whose exports arrive as `default` when imported; from source they arrive by name.
 */
async function loadPg(): Promise<typeof import('pg')> {
  const mod = (await import('pg')) as typeof import('pg') & { default?: typeof import('pg') };
  return typeof mod.Client === 'function' ? mod : mod.default!;
}
