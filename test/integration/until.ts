/**
 * Polls `probe` every 100 ms until it gives a value (not undefined) and returns it. A probe that
 * throws is tried again; after `ms` the wait fails naming `what` and the last error.
 */
export async function until<T>(what: string, probe: () => T | undefined | PromiseLike<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
