// npm start: install, build, start the local database (when MONGODB_URI is unset), seed demo
// content on first run and serve admin and API.
import { spawn } from 'node:child_process'

import { ensureBuild, ensureDependencies, ensureEnvFile } from './lib/prepare.mjs'

const started = Date.now()
ensureDependencies()
ensureEnvFile()
ensureBuild()
console.log(`\n▸ Starting Folio (prepared in ${((Date.now() - started) / 1000).toFixed(1)} s)…\n`)

const server = spawn(process.execPath, ['--enable-source-maps', '--conditions=production', 'dist/server.js', '--seed-demo'], {
  stdio: 'inherit',
  // Demo content comes with a published password: listen on this machine only unless HOST says otherwise.
  env: { NODE_ENV: 'production', HOST: '127.0.0.1', ...process.env },
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
