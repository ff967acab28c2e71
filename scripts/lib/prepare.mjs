// Steps shared by `npm start` and `npm test`. Plain Node: they run before dependencies exist.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { run } from './run.mjs'

const BUILD_INPUTS = ['collections', 'admin', 'src', 'payload.config.ts', 'next.config.ts', 'tsconfig.json', 'package-lock.json']

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0)

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0
  const stat = fs.statSync(entry)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)))
  return newest
}

const step = (message) => console.log(`\n▸ ${message}`)

/** Installs dependencies when node_modules is missing or older than package-lock.json. */
export function ensureDependencies() {
  const installed = 'node_modules/.package-lock.json'
  if (fs.existsSync(installed) && mtime(installed) >= mtime('package-lock.json')) return
  step('Installing dependencies (npm ci)…')
  run('npm', ['ci', '--no-audit', '--no-fund'])
}

/** Creates .env with a fresh random PAYLOAD_SECRET the first time, so no default secret is ever used. */
export function ensureEnvFile() {
  if (fs.existsSync('.env') || process.env.PAYLOAD_SECRET) return
  const secret = randomBytes(32).toString('hex')
  fs.writeFileSync('.env', `# Created by npm start. See .env.example for every setting.\nPAYLOAD_SECRET=${secret}\n`, { mode: 0o600 })
  step('Created .env with a new random PAYLOAD_SECRET')
}

function isStale(stamp) {
  const built = mtime(stamp)
  return built === 0 || BUILD_INPUTS.some((input) => newestMtime(input) > built)
}

/** Compiles the server and builds the admin panel when a source changed since the last build. */
export function ensureBuild() {
  if (isStale('dist/server.js')) {
    step('Compiling the server…')
    run('npm', ['run', '--silent', 'build:server'])
  }
  if (isStale('.next/BUILD_ID')) {
    step('Building the admin panel (next build; a minute or two)…')
    run('npm', ['run', '--silent', 'build:admin'])
  }
}
