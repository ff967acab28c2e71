import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** The browser test drives Debian's Chromium; install it when missing and we may. */
export function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return
  const isRoot = process.getuid?.() === 0
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0
  if (!isRoot || !hasApt) {
    console.error(`folio: the browser test needs Chromium at ${CHROMIUM}. Install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH.`)
    process.exit(1)
  }
  console.log('\n▸ Installing Chromium for the browser test (apt-get install chromium)…')
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    if (result.status !== 0) {
      console.error(`folio: apt-get ${args.join(' ')} failed`)
      process.exit(1)
    }
  }
}
