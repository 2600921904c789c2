// V8 code caches for scripts an engine compiles itself with `vm.Script`. vm2 compiles its own
// sandbox set-up scripts (a few hundred KB) when it loads and runs them in every new context;
// given the code V8 compiled for them before, a child skips most of that work. A cache is given
// only to the very source it was made from.
import { createRequire } from 'node:module';
import type * as VmModule from 'node:vm';
import type { ScriptCache } from './code-cache-file';

// The module object itself, not a bundler's copy of its exports: the engine must see the patch.
const vm = createRequire(__filename)('node:vm') as typeof VmModule;

type ScriptOptions = ConstructorParameters<typeof VmModule.Script>[1];

const Original = vm.Script;
const bySize = new Map<number, ScriptCache[]>();
let recorded: Array<{ source: string; script: VmModule.Script }> | undefined;

/** Replaces `vm.Script` (before the engine loads) with one that uses `caches` and can record what it compiles. */
function patch(): void {
  if (vm.Script !== Original) return;
  class CachedScript extends Original {
    constructor(code: string, options?: ScriptOptions) {
      const hit = typeof code === 'string' ? bySize.get(code.length)?.find((c) => c.source === code) : undefined;
      const opts = typeof options === 'string' ? { filename: options } : options;
      super(code, hit && !opts?.cachedData ? { ...opts, cachedData: hit.data } : opts);
      if (recorded && typeof code === 'string') recorded.push({ source: code, script: this });
    }
  }
  (vm as { Script: typeof VmModule.Script }).Script = CachedScript;
}

/** Makes scripts compiled from now on use these caches (exactly matching sources only). */
export function useScriptCaches(caches: readonly ScriptCache[]): void {
  for (const c of caches) {
    const list = bySize.get(c.source.length) ?? [];
    list.push(c);
    bySize.set(c.source.length, list);
  }
  patch();
}

/** Starts recording the scripts compiled from now on; `take` returns their caches as they are now. */
export function recordScripts(): { take(): ScriptCache[] } {
  recorded = [];
  patch();
  return {
    take() {
      const made = (recorded ?? []).map(({ source, script }) => ({ source, data: script.createCachedData() }));
      recorded = undefined;
      return made;
    },
  };
}
