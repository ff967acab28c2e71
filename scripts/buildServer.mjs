import { build } from 'esbuild'

const started = Date.now()
await build({
  // server.js only makes sure app.js runs with the "production" export condition (see src/launcher.ts).
  entryPoints: { server: 'src/launcher.ts', app: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
console.log(`dist/server.js and dist/app.js compiled in ${Date.now() - started} ms`)
