// The layout of a code cache file: V8's cache of the engine bundle, then the caches of scripts the
// engine compiles itself, each stored with its source text so it is only ever given to exactly
// that source (V8 checks a cache against its source by length alone). Node-only, no imports: the
// boot loader includes this file.

/** One script's V8 cache and the source it was made from. */
export interface ScriptCache {
  source: string;
  data: Buffer;
}

const MAGIC = 'SYMV8C1\n';

/** Serialises the bundle's cache and the scripts' caches into one file's contents. */
export function encodeCodeCache(bundle: Buffer, scripts: readonly ScriptCache[]): Buffer {
  const parts: Buffer[] = [Buffer.from(MAGIC, 'latin1')];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  for (const { source, data } of [{ source: '', data: bundle }, ...scripts]) {
    const text = Buffer.from(source, 'utf8');
    parts.push(u32(text.length), text, u32(data.length), data);
  }
  return Buffer.concat(parts);
}

/** Reads a file's contents back; undefined when it is not a code cache of this layout (or is cut short). */
export function decodeCodeCache(file: Buffer): { bundle: Buffer; scripts: ScriptCache[] } | undefined {
  if (file.length < MAGIC.length || file.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const entries: ScriptCache[] = [];
  let at = MAGIC.length;
  const take = (n: number) => {
    if (at + n > file.length) throw new RangeError('cut short');
    const slice = file.subarray(at, at + n);
    at += n;
    return slice;
  };
  try {
    while (at < file.length) {
      const source = take(take(4).readUInt32LE()).toString('utf8');
      entries.push({ source, data: take(take(4).readUInt32LE()) });
    }
  } catch {
    return undefined;
  }
  const [bundle, ...scripts] = entries;
  return bundle ? { bundle: bundle.data, scripts } : undefined;
}
