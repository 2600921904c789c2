// The bundle of children that run plain Node: built-in extensions, and `minimal` ones by opt-in.
import { defineEngineWorker } from './engine-worker';
import { createNodeInstance } from './node-engine';

export const worker = defineEngineWorker({ kind: 'node', create: createNodeInstance });
