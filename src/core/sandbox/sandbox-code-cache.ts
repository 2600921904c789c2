// V8 code caches of the sandbox's engine bundles. Compiling its engine bundle is the largest part
// of a child's start after Node's own, and V8 can skip most of it given the code it compiled
// before. The cache is made once per engine bundle, Node executable and V8 flags (V8 refuses a
// cache made under other flags, and heap sizes are among them) by a child started only for that:
// it loads the bundle, warms it up without a host or a guest, and writes the cache. Children that
// serve extensions only read it; none of them can write files.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { engineBundleFile, ENGINE_ARG, WRITE_CODE_CACHE_ARG, type EngineKind } from './worker-files';

/** A child's code cache: where it lives, and whether it was there when the child started. */
export interface CodeCacheFile {
  file: string;
  present: boolean;
}

/**
 * Where the CLI keeps code caches: the user's cache folder (`$XDG_CACHE_HOME`, ~/.cache, macOS
 * Caches, Windows LocalAppData). `SYMPHONY_CODE_CACHE=off` turns caching off.
 */
export function defaultCodeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SYMPHONY_CODE_CACHE === 'off') return undefined;
  const base = env.XDG_CACHE_HOME
    || (process.platform === 'win32' ? env.LOCALAPPDATA : process.platform === 'darwin' ? path.join(os.homedir(), 'Library', 'Caches') : path.join(os.homedir(), '.cache'));
  return base ? path.join(base, 'symphony', 'sandbox-code-cache') : undefined;
}

const contentHashes = new Map<string, { size: number; mtimeMs: number; hash: string }>();

/** Who a file is (size, mtime, content hash), hashed once per version of the file. */
function fileIdentity(file: string, withContent: boolean): string {
  const st = fs.statSync(file);
  if (!withContent) return `${st.size}:${st.mtimeMs}`;
  const known = contentHashes.get(file);
  if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) return known.hash;
  // V8 checks a cache against its source by length only, so the content decides the file name.
  const hash = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  contentHashes.set(file, { size: st.size, mtimeMs: st.mtimeMs, hash });
  return hash;
}

/** The code cache of `engine`'s bundle for this executable and these V8 flags, or undefined when it cannot be named. */
export function codeCacheFile(dir: string, workerPath: string, executable: string, engine: EngineKind, v8Flags: readonly string[]): CodeCacheFile | undefined {
  let key: string;
  try {
    const bundle = path.join(path.dirname(workerPath), engineBundleFile(engine));
    key = createHash('sha256').update([fileIdentity(bundle, true), executable, fileIdentity(executable, false), process.arch, ...v8Flags].join('\n')).digest('hex').slice(0, 24);
  } catch {
    return undefined; // a bundle or executable that cannot be read: the child reports that itself
  }
  const file = path.join(dir, `${engine}-${key}.v8cache`);
  return { file, present: fs.existsSync(file) };
}

const making = new Set<string>();

/** The command line of the child that makes a cache: the serving children's flags, plus writing to the cache folder. */
export interface CodeCacheMaker {
  /** The command that runs the executable with these arguments (in the serving children's network namespace, if any). */
  spawnable(args: string[]): { command: string; args: string[] };
  env: Record<string, string>;
  /** Flags before the worker (permission, V8), as the serving children get them. */
  flags: string[];
  permissionFlag: string | null;
  workerPath: string;
  engine: EngineKind;
}

/**
 * Starts the child that makes `cache`, once per file and process, at low priority so it does not
 * slow the children being started. Errors only mean no cache: children start without one.
 */
export function makeCodeCache(cache: CodeCacheFile, maker: CodeCacheMaker): void {
  if (cache.present || making.has(cache.file)) return;
  making.add(cache.file);
  const dir = path.dirname(cache.file);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    pruneCodeCaches(dir, maker.engine);
  } catch {
    return; // no cache folder: children start without a cache
  }
  // Renaming the finished file into place needs reading it too.
  const real = fs.realpathSync.native(dir);
  const flags = maker.permissionFlag ? [...maker.flags, `--allow-fs-read=${real}`, `--allow-fs-write=${real}`] : maker.flags;
  // Named by its real path: Node's permission model matches the path a file is opened by.
  const target = path.join(real, path.basename(cache.file));
  const { command, args } = maker.spawnable([...flags, maker.workerPath, `${ENGINE_ARG}${maker.engine}`, `${WRITE_CODE_CACHE_ARG}${target}`]);
  const child = spawn(command, args, { env: maker.env, stdio: 'ignore', windowsHide: true });
  // A maker that fails is not retried by this process: children simply start without a cache.
  child.on('error', () => undefined);
  try {
    if (child.pid !== undefined) os.setPriority(child.pid, 10);
  } catch {
    /* not allowed here: it runs at normal priority */
  }
  child.unref();
}

/** How many caches of one engine a folder keeps (one per heap size, executable and Symphony version in use). */
export const CACHES_PER_ENGINE = 8;

/**
 * Keeps the folder bounded: the newest caches of `engine` stay, older ones (other versions of
 * Symphony or VS Code, heap sizes no longer used) go, and so do pieces left by a maker that died.
 */
export function pruneCodeCaches(dir: string, engine: EngineKind, keep = CACHES_PER_ENGINE): void {
  const now = Date.now();
  const caches: Array<{ file: string; mtimeMs: number }> = [];
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      continue;
    }
    if (name.endsWith('.partial') && now - st.mtimeMs > 60 * 60 * 1000) fs.rmSync(file, { force: true });
    else if (name.startsWith(`${engine}-`) && name.endsWith('.v8cache')) caches.push({ file, mtimeMs: st.mtimeMs });
  }
  caches.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const old of caches.slice(Math.max(0, keep - 1))) fs.rmSync(old.file, { force: true });
}

/** Drops a cache V8 refused (made by another build of the executable), so the next child remakes it. */
export function discardCodeCache(file: string): void {
  making.delete(file);
  fs.rm(file, { force: true }, () => undefined);
}
