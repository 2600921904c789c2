import picomatch from 'picomatch';

const cache = new Map<string, (channel: string) => boolean>();

/**
 * Compiles a channel glob (`git/*`, `build/**`, `*`) once. Channels are `/`-separated like paths,
 * so `git/*` matches `git/commit` but not `git/a/b`; `**` crosses separators.
 */
export function channelMatcher(pattern: string): (channel: string) => boolean {
  let m = cache.get(pattern);
  if (!m) {
    if (!/[*?[\]{}!]/.test(pattern)) {
      m = (channel) => channel === pattern;
    } else {
      const compiled = picomatch(pattern, { dot: true });
      m = (channel) => compiled(channel);
    }
    cache.set(pattern, m);
  }
  return m;
}

/** A concrete channel name: no glob characters, `/`-separated words. */
export function isValidChannel(channel: string): boolean {
  return /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(channel);
}
