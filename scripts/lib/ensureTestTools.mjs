import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

const isInstalled = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0

/**
 * The programs the suite runs besides Node: Debian's Chromium (the browser test) and
 * redis-server (the cache shared by two instances). Installed with apt when missing and we may.
 */
export function ensureTestTools() {
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
