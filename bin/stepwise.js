#!/usr/bin/env node
// The CLI is bundled with the app by `npm run build` (electron-vite).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(bundle)) {
  console.error('stepwise: the app is not built yet; run `npm run build` in ' + join(__dirname, '..'));
  process.exit(1);
}
require(bundle);
