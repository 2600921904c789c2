// Real paths for file permission checks. A check must see where a path really leads (symlinks,
// `..`) before matching it against globs, and it must stay near 10 µs: resolving every
// component with realpath on each call costs a system call per folder level. Folders'
// real paths are therefore cached briefly, and every use of a cached folder is re-validated with
// the one stat the walk makes anyway, so a folder swapped for a symlink is noticed at once.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What a folder resolved to, and the identity it had then. */
interface CachedFolder {
  real: string;
  dev: number;
  ino: number;
  /** Renaming or moving a folder changes its ctime; so does adding or removing an entry (a harmless miss). */
  ctimeMs: number;
  expires: number;
}

/** How long a folder's real path may be reused, ms (each reuse is also re-validated). */
export const FOLDER_CACHE_TTL_MS = 1000;
const MAX_FOLDERS = 512;
const folders = new Map<string, CachedFolder>();

/** Forgets every cached folder (tests, and a host that knows the disk changed under it). */
export function clearRealPathCache(): void {
  folders.clear();
}

function lstatOrMissing(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR: a parent is a file, so this path cannot exist
  }
}

function statOrMissing(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The cached real path of `dir`, if its identity still matches (`seen`: its stat, when known). */
function cachedFolder(dir: string, now: number, seen?: fs.Stats): string | undefined {
  const hit = folders.get(dir);
  if (!hit || now >= hit.expires) return undefined;
  const st = seen ?? statOrMissing(dir);
  return st && st.ino === hit.ino && st.dev === hit.dev && st.ctimeMs === hit.ctimeMs ? hit.real : undefined;
}

function remember(dir: string, real: string, st: fs.Stats, now: number): void {
  if (folders.size >= MAX_FOLDERS) folders.delete(folders.keys().next().value!);
  folders.delete(dir);
  folders.set(dir, { real, dev: st.dev, ino: st.ino, ctimeMs: st.ctimeMs, expires: now + FOLDER_CACHE_TTL_MS });
}

/**
 * The real path of an existing folder. `seen` is the folder's own stat (following symlinks) when
 * the caller has it. A cached answer is used only while the path still names the same folder
 * (device, inode) that has not been moved since (ctime): a path whose folder, or any folder above
 * it, was replaced by a symlink names another inode and is resolved afresh.
 */
function realFolder(dir: string, seen?: fs.Stats): string {
  const now = Date.now();
  const cached = cachedFolder(dir, now, seen);
  if (cached !== undefined) return cached;
  const real = fs.realpathSync.native(dir);
  // The identity is taken from the resolved path, so a swap between the two calls cannot pair a
  // stale real path with the new folder's identity.
  remember(dir, real, fs.statSync(real), now);
  return real;
}

/** `parent + sep + name` without path.join's normalising (both parts are already clean). */
function child(parent: string, name: string): string {
  return parent.endsWith(path.sep) ? parent + name : parent + path.sep + name;
}

/**
 * Resolves `abs` down from the nearest cached folder at or above it: that folder is re-validated,
 * then each level below it is looked at on the way down. A level that is missing ends the walk —
 * nothing can exist, and so no symlink can hide, below a missing folder — and so does the file
 * itself. Undefined when no cached folder helps, or a symlink (or a file in the middle) is met:
 * the caller then resolves the path the long way.
 */
function fromCachedFolder(abs: string): string | undefined {
  let above = abs;
  while (!folders.has(above)) {
    const up = path.dirname(above);
    if (up === above) return undefined;
    above = up;
  }
  const now = Date.now();
  let real = cachedFolder(above, now);
  if (real === undefined) return undefined;
  const below = abs.slice(above.length).split(path.sep).filter(Boolean);
  let current = above;
  for (let i = 0; i < below.length; i++) {
    const name = below[i]!;
    const next = child(current, name);
    const st = lstatOrMissing(next);
    if (!st) return [real, ...below.slice(i)].reduce(child);
    if (st.isSymbolicLink()) return undefined;
    if (!st.isDirectory()) return i === below.length - 1 ? child(real, name) : undefined;
    real = child(real, name);
    remember(next, real, st, now);
    current = next;
  }
  return real;
}

/**
 * The real path of `target` (resolved against `base`), resolving symlinks and `..` even when the
 * file does not exist yet (a write target): the nearest existing ancestor is resolved and the
 * missing tail appended. A missing tail can hold no symlink, since it does not exist. Throws when
 * the path cannot be resolved (a dangling symlink), so it is never in scope by accident.
 */
export function realPathOf(target: string, base: string): string {
  if (target.includes('\0')) throw new Error('a path may not contain a NUL character');
  let current = path.resolve(base, target);
  // The usual case — a file in, or a few levels below, a folder checked a moment ago — costs one
  // stat of that folder and one lstat per level below it.
  const cached = fromCachedFolder(current);
  if (cached !== undefined) return cached;
  const tail: string[] = [];
  for (;;) {
    const st = lstatOrMissing(current);
    let real: string | undefined;
    if (st?.isSymbolicLink()) {
      try {
        real = fs.realpathSync.native(current);
      } catch {
        throw new Error(`cannot resolve the real path of "${target}"`);
      }
    } else if (st?.isDirectory()) {
      // Not a symlink itself, so lstat saw the folder the path leads to: it validates the cache.
      real = realFolder(current, st);
    } else if (st) {
      // A file that is not a symlink: its real path is its folder's plus its own name.
      const parent = path.dirname(current);
      real = parent === current ? current : child(realFolder(parent), path.basename(current));
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
