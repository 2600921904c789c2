// The bundle of strict children: QuickJS, shared by several extensions, one WebAssembly instance each.
import { defineEngineWorker } from './engine-worker';
import { createQuickJSInstance, prepare, warmUp } from './quickjs-engine';

export const worker = defineEngineWorker({ kind: 'quickjs', create: createQuickJSInstance }, { prepare, warm: warmUp });
