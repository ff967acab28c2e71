import fs from 'node:fs'

import { build } from 'esbuild'

const started = Date.now()
// Chunks are named by their content: those of an earlier build would stay beside the new ones.
fs.rmSync('dist', { recursive: true, force: true })
await build({
  // server.js only makes sure app.js runs with the "production" export condition (see src/launcher.ts).
  entryPoints: { server: 'src/launcher.ts', app: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // Modules imported with import() load when imported, not before the entry runs: the server's own
  // load while the local database starts (src/main.ts).
  splitting: true,
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
console.log(`dist/server.js and dist/app.js compiled in ${Date.now() - started} ms`)
