import type { BuildOptions } from 'esbuild';

/** Each sandbox bundle: its entry and the file it ships as, beside the extension bundle. */
export declare const SANDBOX_WORKER_BUNDLES: ReadonlyArray<{ name: string; entry: string; file: string }>;
/** Modules vm2 may ask for that a sandbox never offers. */
export declare const SANDBOX_WORKER_EXTERNALS: readonly string[];
/** esbuild options for every sandbox bundle in `outdir`. */
export declare function sandboxWorkerBundles(nodeOptions: BuildOptions, outdir: string): Array<{ name: string; options: BuildOptions }>;
