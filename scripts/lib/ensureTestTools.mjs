import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
/** moto's standalone server, an S3-compatible service, for the S3 storage tests: from PyPI into .tools/. */
const S3_SERVER_DIR = '.tools/s3-server'
const S3_SERVER_PACKAGE = 'moto[server]==5.2.5'

const isInstalled = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0

/**
 * The programs the suite runs besides Node: Debian's Chromium (the browser test) and
 * redis-server (the cache shared by two instances). Installed with apt when missing and we may.
 */
export function ensureTestTools() {
  ensureAptTools()
  ensureS3Server()
}

/** A Python virtual environment with moto's server, made once (the stamp names the package it holds). */
function ensureS3Server() {
  const stamp = `${S3_SERVER_DIR}/folio-installed`
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === S3_SERVER_PACKAGE) return
  console.log(`\n▸ Installing an S3-compatible server for the test suite (${S3_SERVER_PACKAGE} from PyPI into ${S3_SERVER_DIR})…`)
  fs.rmSync(S3_SERVER_DIR, { recursive: true, force: true })
  const steps = [
    ['python3', ['-m', 'venv', S3_SERVER_DIR]],
    [`${S3_SERVER_DIR}/bin/pip`, ['install', '--quiet', '--disable-pip-version-check', S3_SERVER_PACKAGE]],
  ]
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { stdio: 'inherit' })
    if (result.status !== 0) {
      console.error(`folio: ${command} ${args.join(' ')} failed; the S3 tests need Python 3 with venv (Debian: apt-get install python3-venv)`)
      process.exit(1)
    }
  }
  fs.writeFileSync(stamp, S3_SERVER_PACKAGE)
}

function ensureAptTools() {
  const missing = []
  if (!fs.existsSync(CHROMIUM)) missing.push({ name: 'Chromium', path: CHROMIUM, apt: 'chromium' })
  if (!isInstalled('redis-server')) missing.push({ name: 'Redis', path: 'redis-server', apt: 'redis-server' })
  if (missing.length === 0) return
  const isRoot = process.getuid?.() === 0
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0
  if (!isRoot || !hasApt) {
    for (const tool of missing) console.error(`folio: the test suite needs ${tool.name} (${tool.path}). Install it (Debian: sudo apt-get install ${tool.apt}).`)
    if (!fs.existsSync(CHROMIUM)) console.error('folio: CHROMIUM_PATH may name another Chromium binary.')
    process.exit(1)
  }
  const packages = missing.map((tool) => tool.apt)
  console.log(`\n▸ Installing ${missing.map((tool) => tool.name).join(' and ')} for the test suite (apt-get install ${packages.join(' ')})…`)
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...packages]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    if (result.status !== 0) {
      console.error(`folio: apt-get ${args.join(' ')} failed`)
      process.exit(1)
    }
  }
}
