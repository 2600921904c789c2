// The bundle of strict children: QuickJS, shared by several extensions, one WebAssembly instance each.
import { defineEngineWorker } from './engine-worker';
import { createQuickJSInstance } from './quickjs-engine';
import { prepare, warmUp } from './quickjs-wasm';

export const worker = defineEngineWorker({ kind: 'quickjs', create: createQuickJSInstance }, { prepare, warm: warmUp });
