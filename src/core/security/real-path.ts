// Real paths for file permission checks. A check must see where a path really leads (symlinks,
// `..`) before matching it against globs, and it must stay well under 10 µs, while one realpath
// costs a system call per folder level. So paths found to be their own real path (no symlink
// anywhere in them) are remembered briefly with the identity of the file or folder they named,
// and every use re-checks that identity with one lstat of the path itself.
//
// Why one lstat is enough: the answer for a remembered path P is P itself, and the lstat shows
// what P leads to right now. If that is still the same object (device, inode), unchanged (ctime:
// a write, chmod, rename or new hard link of it changes it; so does adding or removing an entry of
// a folder), not a symlink, then opening P reaches exactly the object that sat at that real path
// less than a TTL ago. Swapping a folder above P for a symlink can only lead P to that same object
// again (moved or hard-linked elsewhere); it can never substitute another one. So for up to a TTL
// a file moved out with its folder, the folder linked back, is still answered with its old path:
// the very file, unchanged, that the extension could open a moment before — less than what the
// window between a check and its open already allows. Anything else (another object, a symlink
// at P, P missing, the TTL over) is a miss, resolved afresh.
//
// For a path through a symlink, the lstat of the path asked vouches for nothing about the real
// path answered: a re-pointed symlink and a folder swapped along the real path can pull them
// apart. So a file reached through a symlinked folder is remembered with its real path and both
// are looked at (two lstats, both must show the same file); a folder reached through a symlink
// is not remembered, and a file that is itself a symlink is resolved in full every time.
//
// Order: an identity is always observed before the call that proves the path real (lstat, then
// realpath or the lstat of a trusted folder above). Pairing them the other way round would let a
// single swap between the two calls cache an outside object under an inside path; this way a swap
// there yields an identity the next check does not see, unless swapped back and forth again within
// microseconds — the same kind of race as the one between a check and the open that follows it.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What identifies an object on disk and tells whether it changed. */
type Identity = Pick<fs.Stats, 'dev' | 'ino' | 'ctimeMs'>;

/** A path found real (or leading to `real`), and the object it named then. */
interface Verified extends Identity {
  /** Set when the path leads through a symlink: the real path, looked at on every use as well. */
  real?: string;
  expires: number;
}

/** How long a verified real path may be reused, ms (each reuse is also re-validated). */
export const REAL_PATH_CACHE_TTL_MS = 1000;
// The caches are bounded so that a scan of a huge tree cannot grow them (≈300 bytes an entry); a
// miss only costs what a check cost before there was a cache.
/** Most folders remembered at once (the oldest entry goes first). */
export const MAX_CACHED_FOLDERS = 512;
/** Most files remembered at once (the oldest entry goes first). */
export const MAX_CACHED_FILES = 2048;
const folders = new Map<string, Verified>();
const files = new Map<string, Verified>();
const NO_THROW = { throwIfNoEntry: false } as const;

/** Forgets every cached path (tests, and a host that knows the disk changed under it). */
export function clearRealPathCache(): void {
  folders.clear();
  files.clear();
}

/** How many folders and files are remembered now (tests and diagnostics). */
export function realPathCacheSize(): { folders: number; files: number } {
  return { folders: folders.size, files: files.size };
}

/** The lstat of `p`, or null when it does not exist. */
function lstatOrMissing(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p, NO_THROW) ?? null;
  } catch {
    return null; // ENOTDIR: a parent is a file, so this path cannot exist
  }
}

function unchanged(hit: Identity, st: fs.Stats): boolean {
  return st.ino === hit.ino && st.dev === hit.dev && st.ctimeMs === hit.ctimeMs;
}

function sameFile(hit: Identity, st: fs.Stats | null): boolean {
  return !!st?.isFile() && unchanged(hit, st);
}

function remember(map: Map<string, Verified>, max: number, p: string, st: fs.Stats, now: number, real?: string): void {
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.delete(p);
  map.set(p, { real, dev: st.dev, ino: st.ino, ctimeMs: st.ctimeMs, expires: now + REAL_PATH_CACHE_TTL_MS });
}

/**
 * Remembers the regular file at `p` (its lstat `st`, taken before `real` was found). A real path
 * other than `p` is remembered only once seen to lead to that same file.
 */
function rememberFile(p: string, real: string, st: fs.Stats, now: number): void {
  if (real === p) remember(files, MAX_CACHED_FILES, p, st, now);
  else if (sameFile(st, lstatOrMissing(real))) remember(files, MAX_CACHED_FILES, p, st, now, real);
}

/**
 * The real path of an existing folder. `seen` is its lstat when the caller has it. Remembered
 * only when the folder is its own real path.
 */
function realFolder(dir: string, now: number, seen?: fs.Stats): string {
  const st = seen ?? lstatOrMissing(dir);
  const hit = folders.get(dir);
  if (hit && now < hit.expires && st?.isDirectory() && unchanged(hit, st)) return dir;
  const real = fs.realpathSync.native(dir);
  if (real === dir && st?.isDirectory()) remember(folders, MAX_CACHED_FOLDERS, dir, st, now);
  return real;
}

/** `parent + sep + name` without path.join's normalising (both parts are already clean). */
function child(parent: string, name: string): string {
  return parent.endsWith(path.sep) ? parent + name : parent + path.sep + name;
}

/**
 * Resolves `abs` down from the nearest remembered folder at or above it. Each level below it is
 * looked at on the way down; a missing level ends the walk (nothing can exist, and so no symlink
 * can hide, below a missing folder), and so does the file itself. The remembered folder is
 * re-validated last (see Order above). The answer is then `abs` itself. Undefined when no
 * remembered folder helps, it changed, or a symlink (or a file in the middle) is met: the caller
 * then resolves the path the long way. `leaf`: the lstat of `abs` when the caller has it.
 */
function fromCachedFolder(abs: string, now: number, leaf: fs.Stats | null | undefined): string | undefined {
  if (folders.size === 0) return undefined;
  let above = abs;
  while (!folders.has(above)) {
    const up = path.dirname(above);
    if (up === above) return undefined;
    above = up;
  }
  const hit = folders.get(above)!;
  if (now >= hit.expires) return undefined;
  const below = above === abs ? [] : abs.slice(above.length).split(path.sep).filter(Boolean);
  let current = above;
  let walked: Array<[string, fs.Stats]> | undefined;
  let file: fs.Stats | undefined;
  for (let i = 0; i < below.length; i++) {
    const last = i === below.length - 1;
    const next = child(current, below[i]!);
    const st = last && leaf !== undefined ? leaf : lstatOrMissing(next);
    if (!st) break;
    if (st.isSymbolicLink()) return undefined;
    if (!st.isDirectory()) {
      if (!last) return undefined;
      file = st;
      break;
    }
    (walked ??= []).push([next, st]);
    current = next;
  }
  const top = below.length === 0 && leaf !== undefined ? leaf : lstatOrMissing(above);
  if (!top?.isDirectory() || !unchanged(hit, top)) return undefined;
  if (walked) for (const [p, st] of walked) remember(folders, MAX_CACHED_FOLDERS, p, st, now);
  if (file?.isFile()) rememberFile(abs, abs, file, now);
  return abs;
}

/**
 * The real path of `target` (resolved against `base`), resolving symlinks and `..` even when the
 * file does not exist yet (a write target): the nearest existing ancestor is resolved and the
 * missing tail appended. A missing tail can hold no symlink, since it does not exist. `..` is
 * applied to the path as written, before anything is looked up. Throws when the path cannot be
 * resolved (a dangling symlink), so it is never in scope by accident.
 */
export function realPathOf(target: string, base: string): string {
  if (target.includes('\0')) throw new Error('a path may not contain a NUL character');
  let current = path.resolve(base, target);
  const now = Date.now();
  // The usual case, a file checked a moment ago, costs one lstat.
  let leaf: fs.Stats | null | undefined;
  const file = files.get(current);
  if (file !== undefined) {
    if (now < file.expires) {
      leaf = lstatOrMissing(current);
      if (sameFile(file, leaf)) {
        if (file.real === undefined) return current;
        if (sameFile(file, lstatOrMissing(file.real))) return file.real;
      }
    }
    files.delete(current);
  }
  // Next, a file or a path that does not exist yet in (or a few levels below) a folder checked a
  // moment ago: one lstat per level below that folder, plus one of the folder.
  const cached = fromCachedFolder(current, now, leaf);
  if (cached !== undefined) return cached;
  const tail: string[] = [];
  for (;;) {
    const st = tail.length === 0 && leaf !== undefined ? leaf : lstatOrMissing(current);
    let real: string | undefined;
    if (st?.isSymbolicLink()) {
      try {
        real = fs.realpathSync.native(current);
      } catch {
        throw new Error(`cannot resolve the real path of "${target}"`);
      }
    } else if (st?.isDirectory()) {
      real = realFolder(current, now, st);
    } else if (st) {
      // Not a symlink: its real path is its folder's plus its own name.
      const parent = path.dirname(current);
      if (parent === current) {
        real = current;
      } else {
        const realParent = realFolder(parent, now);
        real = child(realParent, path.basename(current));
        if (tail.length === 0 && st.isFile()) rememberFile(current, real, st, now);
      }
    }
    if (real !== undefined) return tail.length ? [real, ...tail.reverse()].reduce(child) : real;
    const parent = path.dirname(current);
    if (parent === current) throw new Error(`cannot resolve the real path of "${target}"`);
    tail.push(path.basename(current));
    current = parent;
  }
}

/** Resolves a directory to its real path, keeping the given path when it does not exist. */
export function realDir(dir: string): string {
  try {
    return fs.realpathSync.native(path.resolve(dir));
  } catch {
    return path.resolve(dir);
  }
}
