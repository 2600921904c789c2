import type { BuildOptions, Plugin } from 'esbuild';

/** Each lazily loaded module: how source code imports it, and the file it ships as in dist/. */
export declare const LAZY_MODULES: ReadonlyArray<{ name: string; filter: RegExp; entry: string; file: string }>;
/** Turns a dynamic import of a lazy module into an import of its file beside the bundle. */
export declare const lazyModulesPlugin: Plugin;
/** esbuild options for each lazy module's own file in `outdir`. */
export declare function lazyModuleBundles(nodeOptions: BuildOptions, outdir: string): Array<{ name: string; options: BuildOptions }>;
