import fs from 'node:fs';
import path from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

/**
 * Loads SQLite compiled to WebAssembly (sql.js) on first use. In the packaged extension the
 * loader and its .wasm sit in dist/vendor/; in development they come from node_modules.
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= (async () => {
    const vendored = path.join(__dirname, 'vendor', 'sql-wasm.js');
    // A computed require keeps the bundler from inlining 1 MB of WebAssembly into the host bundle.
    const dynamicRequire = require;
    const loader = fs.existsSync(vendored) ? vendored : dynamicRequire.resolve('sql.js/dist/sql-wasm.js');
    const init = dynamicRequire(loader) as (config?: { locateFile?: (f: string) => string }) => Promise<SqlJsStatic>;
    return init({ locateFile: (f) => path.join(path.dirname(loader), f) });
  })();
  return loading;
}

export interface SqlResult {
  rows: Record<string, unknown>[];
  changes: number;
}

/** An open SQLite file: queries run in memory and changes are written back atomically on close. */
export class SqliteFile {
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly db: Database,
  ) {}

  static async open(file: string, create: boolean): Promise<SqliteFile> {
    const SQL = await loadSqlJs();
    const exists = fs.existsSync(file);
    if (!exists && !create) throw new Error(`${file} does not exist; set "create" to make a new database`);
    return new SqliteFile(file, new SQL.Database(exists ? fs.readFileSync(file) : undefined));
  }

  run(sql: string, params: unknown[]): SqlResult {
    const stmt = this.db.prepare(sql);
    try {
      stmt.bind(params as never);
      const rows: Record<string, unknown>[] = [];
      while (stmt.step()) rows.push(stmt.getAsObject() as Record<string, unknown>);
      const changes = this.db.getRowsModified();
      if (changes > 0 || !/^\s*(select|with|pragma|explain)\b/i.test(sql)) this.dirty = true;
      return { rows, changes };
    } finally {
      stmt.free();
    }
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  /** Writes the database back (if it changed) through a temp file and a rename. */
  close(save: boolean): void {
    try {
      if (save && this.dirty) {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, Buffer.from(this.db.export()));
        fs.renameSync(tmp, this.file);
      }
    } finally {
      this.db.close();
    }
  }
}
