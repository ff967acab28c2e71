// Lighthouse on the reference website: starts the production build with the demo content (local
// database in memory), runs Lighthouse (the npm package, Debian's Chromium) on the home page, a
// post and a nested page, and prints the four category scores against Folio's targets.
//
//   npm run lighthouse [-- --desktop]
//
// Lighthouse's default is a phone on a throttled 4G connection and a slowed-down CPU (simulated);
// --desktop uses its desktop preset instead.
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import desktopConfig from 'lighthouse/core/config/desktop-config.js'

import { startLocalDatabase } from '@/db/localDatabase'
import { withDatabaseName } from '@/lib/withDatabaseName'
import { cleanUp, makeTempDir, type Cleanup } from './bench/cleanup'
import { ensureServerBuild, startFolio } from './bench/folio'
import { formatGrid } from './bench/stats'
import { hasNextBuild } from './bench/stock'

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const
const TARGETS: Record<(typeof CATEGORIES)[number], number> = { performance: 95, accessibility: 100, 'best-practices': 95, seo: 100 }
const PAGES = [
  ['home page', '/'],
  ['post', '/posts/introducing-folio'],
  ['nested page', '/about/team'],
] as const

const progress = (message: string) => process.stderr.write(`lighthouse: ${message}\n`)

async function main(): Promise<void> {
  const desktop = process.argv.includes('--desktop')
  const unknown = process.argv.slice(2).filter((arg) => arg !== '--desktop')
  if (unknown.length) throw new Error(`unknown arguments ${unknown.join(' ')}; usage: npm run lighthouse [-- --desktop]`)
  ensureServerBuild(progress)
  if (!hasNextBuild()) throw new Error('.next/ has no production build: run npm run build:admin')

  const cleanups: Cleanup[] = []
  try {
    const database = await startLocalDatabase({ dataDir: makeTempDir('folio-lighthouse-db-', cleanups), memory: true, log: progress })
    cleanups.push(() => database.stop())
    progress('starting Folio with the demo content')
    const server = await startFolio({
      databaseUri: withDatabaseName(database.uri, 'folio_lighthouse'),
      mediaDir: makeTempDir('folio-lighthouse-media-', cleanups),
      env: { FOLIO_ADMIN: 'true' },
      args: ['--seed-demo'],
    })
    cleanups.push(() => server.stop())
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    cleanups.push(() => chrome.kill())

    const rows: string[][] = []
    let missed = 0
    for (const [name, path] of PAGES) {
      // A first visit warms Folio's response cache and the image variants, as a live site's would be.
      await fetch(`${server.url}${path}`).then((response) => response.text())
      progress(`auditing ${name} (${path})`)
      const audit = () =>
        lighthouse(`${server.url}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] }, desktop ? desktopConfig : undefined)
      let result = await audit()
      if (result?.lhr.runtimeError) {
        // Seen once on a cold browser (a page that never painted): one more try, said out loud.
        progress(`  ${name}: Lighthouse could not audit the page (${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}); trying once more`)
        result = await audit()
      }
      if (!result) throw new Error(`Lighthouse gave no result for ${path}`)
      if (result.lhr.runtimeError) throw new Error(`Lighthouse could not audit ${path}: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`)
      const scores = CATEGORIES.map((category) => Math.round((result.lhr.categories[category]?.score ?? 0) * 100))
      missed += scores.filter((score, index) => score < TARGETS[CATEGORIES[index]]).length
      rows.push([name, path, ...scores.map((score, index) => `${score}${score < TARGETS[CATEGORIES[index]] ? ' (!)' : ''}`)])
      const failing = Object.values(result.lhr.audits).filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'notApplicable')
      for (const audit of failing.slice(0, 8)) progress(`  ${name}: ${audit.id} ${Math.round((audit.score ?? 0) * 100)} ${audit.displayValue ?? ''}`)
    }
    process.stdout.write(
      `Lighthouse ${desktop ? '(desktop preset)' : '(mobile: simulated slow 4G and CPU)'} on the reference website, demo content\n\n` +
        formatGrid(['page', 'path', 'Performance', 'Accessibility', 'Best Practices', 'SEO'], rows, 'llrrrr') +
        `\n\ntargets: Performance >= ${TARGETS.performance}, Accessibility ${TARGETS.accessibility}, Best Practices >= ${TARGETS['best-practices']}, SEO ${TARGETS.seo}; (!) marks a miss (${missed}).\n`,
    )
  } finally {
    await cleanUp(cleanups.reverse(), progress)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`lighthouse: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
