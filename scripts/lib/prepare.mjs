// Steps shared by `npm start` and `npm test`. Plain Node: they run before dependencies exist.
import { createHash, randomBytes } from 'node:crypto'
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

const INSTALL_STAMP = 'node_modules/.folio-installed'

const lockHash = () => createHash('sha256').update(fs.readFileSync('package-lock.json')).digest('hex')

/** Installs dependencies when node_modules is missing or was installed from another lock file. */
export function ensureDependencies() {
  if (fs.existsSync(INSTALL_STAMP) && fs.readFileSync(INSTALL_STAMP, 'utf8') === lockHash()) return
  // `npm install`, not `npm ci`: it installs exactly what the lock file pins, yet does not give up
  // when a registry lacks another platform's optional builds (@next/swc-darwin-*, …).
  step('Installing dependencies (npm install)…')
  run('npm', ['install', '--no-audit', '--no-fund'])
  fs.writeFileSync(INSTALL_STAMP, lockHash())
}

const PLACEHOLDER_SECRET = 'change-me-to-a-long-random-string'

/**
 * Gives .env a random PAYLOAD_SECRET when it has none or still has the placeholder from
 * .env.example (creating .env the first time), so no default secret is ever used.
 */
export function ensureEnvFile() {
  if (process.env.PAYLOAD_SECRET) return
  const existing = fs.existsSync('.env') ? fs.readFileSync('.env', 'utf8') : ''
  const current = existing.match(/^PAYLOAD_SECRET=(.*)$/m)?.[1]?.trim()
  if (current && current !== PLACEHOLDER_SECRET) return
  const line = `PAYLOAD_SECRET=${randomBytes(32).toString('hex')}`
  const updated = current
    ? existing.replace(/^PAYLOAD_SECRET=.*$/m, line)
    : `${existing}${existing && !existing.endsWith('\n') ? '\n' : ''}# Created by npm start. See .env.example for every setting.\n${line}\n`
  fs.writeFileSync('.env', updated, { mode: 0o600 })
  step('Wrote a new random PAYLOAD_SECRET to .env')
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
