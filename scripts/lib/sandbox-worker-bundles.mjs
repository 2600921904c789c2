// The sandbox child's bundles: a small boot loader, and one bundle per engine, so a child reads
// and compiles only the engine it runs (and its V8 code cache covers only that).
import path from 'node:path';

/** Each bundle: its entry and the file it ships as, beside the extension bundle. */
export const SANDBOX_WORKER_BUNDLES = [
  { name: 'sandbox-worker', entry: 'src/core/sandbox/worker/boot.ts', file: 'sandbox-worker.js' },
  { name: 'sandbox-worker-quickjs', entry: 'src/core/sandbox/worker/quickjs-worker.ts', file: 'sandbox-worker-quickjs.js' },
  { name: 'sandbox-worker-vm2', entry: 'src/core/sandbox/worker/vm2-worker.ts', file: 'sandbox-worker-vm2.js' },
  { name: 'sandbox-worker-node', entry: 'src/core/sandbox/worker/node-worker.ts', file: 'sandbox-worker-node.js' },
];

/** Modules vm2 may ask for (compilers it supports) that a sandbox never offers. */
export const SANDBOX_WORKER_EXTERNALS = ['vscode', 'typescript', 'coffee-script'];

/** esbuild options for every sandbox bundle in `outdir`, given the bundles' Node options. */
export function sandboxWorkerBundles(nodeOptions, outdir) {
  return SANDBOX_WORKER_BUNDLES.map((b) => ({
    name: b.name,
    options: { ...nodeOptions, entryPoints: [b.entry], outfile: path.join(outdir, b.file), external: SANDBOX_WORKER_EXTERNALS, sourcemap: 'linked' },
  }));
}
