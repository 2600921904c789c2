#!/usr/bin/env node
// `npm run demo`: builds and packages Symphony, sets up a local VS Code (code-server on 127.0.0.1),
// installs the .vsix into it, opens the sample workspace in examples/ and prints the URL. Runs until
// Ctrl+C, then stops code-server.
//
//   PORT=8080 npm run demo        a fixed port instead of a free one
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const step = (what) => console.log(`\n▸ ${what}`);

function sh(command, args) {
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${run.status ?? run.signal}); nothing was started.`);
    process.exit(1);
  }
}

const { ensureCodeServer, installExtension, startCodeServer } = await tsImport('./lib/code-server.ts', import.meta.url);
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `symphony-${version}.vsix`);

step('building and packaging the extension (npm run package)');
sh('npm', ['run', 'package']);

step('setting up a local VS Code (code-server; the first run downloads and builds it, a few minutes)');
const install = ensureCodeServer();

// Kept between runs (ignored by git) so the editor remembers open tabs and layout.
const state = path.join(root, '.vscode-test/demo');
const extensionsDir = path.join(state, 'extensions');
const workspace = path.join(root, 'examples');

step(`installing ${path.basename(vsix)}`);
const list = installExtension(install, vsix, extensionsDir, state);
console.log(list.trim().split('\n').map((l) => `  ${l}`).join('\n'));

step('starting code-server');
const port = process.env.PORT ? Number(process.env.PORT) : undefined;
const server = await startCodeServer(install, {
  scratchDir: state,
  extensionsDir,
  workspace,
  settings: { 'workbench.colorTheme': 'Default Dark Modern' },
  ...(port ? { port } : {}),
});

console.log(`
Symphony is running in VS Code (ready in ${((Date.now() - started) / 1000).toFixed(0)} s):

    ${server.url(workspace)}

Open that URL in a browser, then click hello.melody in the Explorer to see it on the Harmonic
Board, or press F1 and type "Symphony". Log: ${path.relative(root, server.logFile)}
Press Ctrl+C to stop.`);

// code-server's exit handlers (scripts/lib/code-server.ts) stop its process group on Ctrl+C.
await new Promise(() => undefined);
