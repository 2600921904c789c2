#!/usr/bin/env node
// Draws media/icon.png (the 128×128 marketplace icon) from the SVG below with Debian's Chromium:
// two beamed notes whose heads are workflow nodes, joined to a third node by a connection, on a
// deep indigo rounded square.   node scripts/draw-icon.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'media/icon.png');

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#3b2a8f"/>
      <stop offset="1" stop-color="#17123a"/>
    </linearGradient>
    <linearGradient id="head" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#7ef0dc"/>
      <stop offset="1" stop-color="#38bdf8"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="26" fill="url(#bg)"/>
  <rect x="4.5" y="4.5" width="119" height="119" rx="25.5" fill="none" stroke="#ffffff" stroke-opacity="0.12"/>
  <!-- the connection from the second note to a downstream node -->
  <path d="M83 84 C 96 84, 98 100, 104 100" fill="none" stroke="#c4b5fd" stroke-width="4" stroke-linecap="round"/>
  <circle cx="105" cy="100" r="7" fill="#17123a" stroke="#c4b5fd" stroke-width="4"/>
  <!-- stems and beam -->
  <path d="M45 90 V 34 L 87 26 V 82" fill="none" stroke="#f5f3ff" stroke-width="6" stroke-linejoin="round"/>
  <path d="M45 34 L 87 26 V 38 L 45 46 Z" fill="#f5f3ff"/>
  <!-- note heads drawn as nodes -->
  <circle cx="35" cy="92" r="13" fill="url(#head)"/>
  <circle cx="35" cy="92" r="5" fill="#17123a"/>
  <circle cx="77" cy="84" r="13" fill="url(#head)"/>
  <circle cx="77" cy="84" r="5" fill="#17123a"/>
</svg>`;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-icon-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 128, height: 128 },
  deviceScaleFactor: 1,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: out, omitBackground: true });
  console.log(`wrote ${path.relative(root, out)} (${fs.statSync(out).size} bytes)`);
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
