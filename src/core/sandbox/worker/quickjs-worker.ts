// The bundle of strict children: QuickJS, shared by several extensions, one WebAssembly instance each.
import { defineEngineWorker } from './engine-worker';
import { createQuickJSInstance, warmUp, wasmModule } from './quickjs-engine';

// QuickJS's WebAssembly compiles (and its code runs once) while the host prepares the first load.
export const worker = defineEngineWorker({ kind: 'quickjs', create: createQuickJSInstance }, { prepare: async () => void (await wasmModule()), warm: warmUp });
