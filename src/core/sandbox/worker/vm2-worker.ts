// The bundle of moderate children: vm2's NodeVM, one extension per child.
import { defineEngineWorker } from './engine-worker';
import { createVm2Instance, warmUp } from './vm2-engine';

export const worker = defineEngineWorker({ kind: 'vm2', create: createVm2Instance }, { warm: warmUp });
