// The admin's main screens in a real browser: the dashboard, the posts list and a post's edit page,
// each opened several times by a signed-in admin (headless Chromium), timed from navigation until
// the screen shows its content. Measured with the demo content (the baseline) and again after
// 1,000 more posts, side by side, with the ratio.
//
//   npm run bench:admin [-- --posts 1000] [--runs 5]
import { chromium, type Page } from 'playwright-core'

import { startLocalDatabase } from '@/db/localDatabase'
import { withDatabaseName } from '@/lib/withDatabaseName'
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../collections/seed/fixtures'
import { cleanUp, makeTempDir, type Cleanup } from './bench/cleanup'
import { createApi, ensureServerBuild, expectStatus, startFolio } from './bench/folio'
import { seedContent } from './bench/seed'
import { formatGrid, formatNumber } from './bench/stats'
import { hasNextBuild } from './bench/stock'
import { jsonAt } from './lib/jsonAt'

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const progress = (message: string) => process.stderr.write(`bench:admin: ${message}\n`)

type Screen = { name: string; path: () => string; ready: (page: Page) => Promise<unknown> }

function readArgs(): { posts: number; runs: number } {
  const args = process.argv.slice(2)
  const value = (name: string, fallback: number) => {
    const at = args.indexOf(`--${name}`)
    if (at === -1) return fallback
    const parsed = Number(args[at + 1])
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive integer, not ${args[at + 1]}`)
    return parsed
  }
  const known = new Set(['--posts', '--runs'])
  const unknown = args.filter((arg, index) => arg.startsWith('--') && !known.has(arg) && !known.has(args[index - 1] ?? ''))
  if (unknown.length) throw new Error(`unknown arguments ${unknown.join(' ')}; usage: npm run bench:admin [-- --posts 1000] [--runs 5]`)
  return { posts: value('posts', 1000), runs: value('runs', 5) }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Each screen opened `runs` times after one warm-up visit; the median and the slowest, in ms. */
async function timeScreens(page: Page, baseUrl: string, screens: Screen[], runs: number): Promise<Map<string, { median: number; max: number }>> {
  const results = new Map<string, { median: number; max: number }>()
  for (const screen of screens) {
    const times: number[] = []
    for (let run = 0; run <= runs; run += 1) {
      const startedAt = performance.now()
      await page.goto(`${baseUrl}${screen.path()}`, { waitUntil: 'commit' })
      await screen.ready(page)
      if (run > 0) times.push(performance.now() - startedAt)
    }
    results.set(screen.name, { median: median(times), max: Math.max(...times) })
    progress(`  ${screen.name}: median ${formatNumber(median(times))} ms`)
  }
  return results
}

async function main(): Promise<void> {
  const { posts, runs } = readArgs()
  ensureServerBuild(progress)
  if (!hasNextBuild()) throw new Error('.next/ has no production build: run npm run build:admin')
  const cleanups: Cleanup[] = []
  try {
    const database = await startLocalDatabase({ dataDir: makeTempDir('folio-bench-admin-db-', cleanups), memory: true, log: progress })
    cleanups.push(() => database.stop())
    progress('starting Folio with the admin and the demo content')
    const server = await startFolio({
      databaseUri: withDatabaseName(database.uri, 'folio_bench_admin'),
      mediaDir: makeTempDir('folio-bench-admin-media-', cleanups),
      env: { FOLIO_ADMIN: 'true' },
      args: ['--seed-demo'],
    })
    cleanups.push(() => server.stop())
    const login = await createApi(server.url)('POST', '/api/users/login', { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD })
    expectStatus(login, 200, 'signing in as the demo admin')
    const api = createApi(server.url, String(jsonAt(login.body, 'token')))
    const firstPost = async () => String((jsonAt((await api('GET', '/api/posts?limit=1&depth=0&sort=-updatedAt')).body, 'docs') as { id: string }[])[0].id)
    let postId = await firstPost()

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
    cleanups.push(() => browser.close())
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage()
    await page.goto(`${server.url}/admin/login`)
    await page.locator('input[name="email"]').waitFor({ timeout: 120_000 })
    await page.waitForLoadState('networkidle')
    await page.locator('input[name="email"]').fill(DEMO_ADMIN_EMAIL)
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    await page.locator('button[type="submit"]').click()
    await page.waitForURL(/\/admin\/?$/, { timeout: 60_000 })

    const screens: Screen[] = [
      { name: 'dashboard', path: () => '/admin', ready: (tab) => tab.getByTestId('dashboard-changes').waitFor({ timeout: 60_000 }) },
      { name: 'posts list', path: () => '/admin/collections/posts', ready: (tab) => tab.locator('table tbody tr').first().waitFor({ timeout: 60_000 }) },
      { name: 'post edit', path: () => `/admin/collections/posts/${postId}`, ready: (tab) => tab.locator('#field-title').waitFor({ timeout: 60_000 }) },
    ]
    const demoPosts = Number(jsonAt((await api('GET', '/api/posts?limit=1&depth=0')).body, 'totalDocs'))
    progress(`timing the screens with the demo content (${demoPosts} posts)`)
    const baseline = await timeScreens(page, server.url, screens, runs)

    progress(`adding ${posts} posts`)
    await seedContent(api, { posts, concurrency: 4, log: progress })
    postId = await firstPost()
    const total = Number(jsonAt((await api('GET', '/api/posts?limit=1&depth=0')).body, 'totalDocs'))
    progress(`timing the screens with ${total} posts`)
    const loaded = await timeScreens(page, server.url, screens, runs)

    const rows = screens.map(({ name }) => {
      const before = baseline.get(name)!
      const after = loaded.get(name)!
      return [name, formatNumber(before.median), formatNumber(after.median), formatNumber(after.max), `${(after.median / before.median).toFixed(2)}×`]
    })
    process.stdout.write(
      `The admin's main screens in headless Chromium, signed in as the admin: median of ${runs} visits after a warm-up, ms from navigation to content\n\n` +
        formatGrid(['screen', `demo (${demoPosts} posts)`, `${total} posts`, `slowest at ${total}`, 'ratio'], rows, 'lrrrr') +
        '\n',
    )
  } finally {
    await cleanUp(cleanups.reverse(), progress)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:admin: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
