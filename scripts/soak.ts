// Soak test: a fixed rate of mixed requests against the compiled server for a while (10 minutes by
// default): reads (lists, a post by slug, GraphQL, search), writes (create, update, publish),
// uploads, form submissions, and the webhook deliveries the writes cause. Reports errors and
// p50/p99 per minute, the server's memory and open files at start and end, and deliveries.
// Targets (reported, not asserted): no errors, resident memory drift under 10 %. Exits 1 when the
// server answered a 5xx, failed to answer, or died.
//
//   npm run soak -- [--minutes 10] [--rate 20] [--no-build]
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import sharp from 'sharp'

import { startLocalDatabase } from '@/db/localDatabase'
import { withDatabaseName } from '@/lib/withDatabaseName'
import { cleanUp, makeTempDir, type Cleanup } from './bench/cleanup'
import { createApi, ensureServerBuild, expectStatus, signInFirstAdmin, startFolio, type Api } from './bench/folio'
import { toMiB } from './bench/processes'
import { formatGrid, summarize } from './bench/stats'
import { jsonAt } from './lib/jsonAt'

type Options = { minutes: number; rate: number; build: boolean }

const USAGE = 'usage: npm run soak -- [--minutes N] [--rate REQUESTS_PER_SECOND] [--no-build]'
const REQUEST_TIMEOUT_MS = 30_000
const MAX_IN_FLIGHT = 200
const SEED_POSTS = 50

const progress = (message: string) => process.stderr.write(`[soak] ${message}\n`)

function parseOptions(args: string[]): Options {
  const options: Options = { minutes: 10, rate: 20, build: true }
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]
    if (flag === '--no-build') options.build = false
    else if (flag === '--minutes' || flag === '--rate') {
      const value = Number(args[++i])
      if (!(value > 0)) throw new Error(`${flag} needs a positive number\n${USAGE}`)
      options[flag === '--minutes' ? 'minutes' : 'rate'] = value
    } else throw new Error(`unknown option ${flag}\n${USAGE}`)
  }
  return options
}

type Outcome = { kind: string; status: number; ms: number; at: number; error?: string }

/** A receiver that answers every webhook with 200 and counts distinct webhook-ids. */
async function startWebhookReceiver() {
  const seen = new Set<string>()
  let lastAt = Date.now()
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const id = req.headers['webhook-id']
      if (typeof id === 'string') seen.add(id)
      lastAt = Date.now()
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    count: () => seen.size,
    quietFor: () => Date.now() - lastAt,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function countOpenFiles(pid: number): number | undefined {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length
  } catch {
    return undefined
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  const cleanups: Cleanup[] = []
  let failed: boolean
  try {
    if (options.build) ensureServerBuild(progress)
    const databaseUri = process.env.MONGODB_URI
      ? withDatabaseName(process.env.MONGODB_URI, `folio_soak_${randomBytes(4).toString('hex')}`)
      : await (async () => {
          const database = await startLocalDatabase({ dataDir: makeTempDir('folio-soak-db-', cleanups), log: progress })
          cleanups.push(() => database.stop())
          return withDatabaseName(database.uri, 'folio_soak')
        })()
    const receiver = await startWebhookReceiver()
    cleanups.push(() => receiver.close())
    const server = await startFolio({
      databaseUri,
      mediaDir: makeTempDir('folio-soak-media-', cleanups),
      env: { RATE_LIMITS: 'false', FORM_MIN_FILL_SECONDS: '0', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
    })
    cleanups.push(() => server.stop())
    const admin = await signInFirstAdmin(server.url)
    const anonymous = createApi(server.url)

    progress('setting up: a webhook endpoint, a form, posts')
    const hook = await admin('POST', '/api/webhooks', { name: 'Soak', url: receiver.url, events: ['created', 'updated', 'published'], collections: ['posts'] })
    expectStatus(hook, 201, 'webhook endpoint')
    const form = await admin('POST', '/api/forms', {
      title: 'Soak contact',
      fields: [
        { blockType: 'text', name: 'name', label: 'Name', required: true },
        { blockType: 'email', name: 'email', label: 'Email', required: true },
        { blockType: 'textarea', name: 'message', label: 'Message' },
      ],
      confirmationType: 'message',
      confirmationMessage: { root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text: 'Thanks', version: 1 }], version: 1 }], version: 1 } },
    })
    expectStatus(form, 201, 'form')
    const formId = String(jsonAt(form.body, 'doc', 'id'))
    const slugs: string[] = []
    const postIds: string[] = []
    for (let i = 0; i < SEED_POSTS; i++) {
      const created = await admin('POST', '/api/posts', { title: `Soak seed ${i} ${randomBytes(3).toString('hex')}`, _status: 'published' })
      expectStatus(created, 201, 'seed post')
      slugs.push(String(jsonAt(created.body, 'doc', 'slug')))
      postIds.push(String(jsonAt(created.body, 'doc', 'id')))
    }
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#38bdf8' } }).png().toBuffer()

    const uploadForm = () => {
      const data = new FormData()
      data.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), `soak-${randomBytes(4).toString('hex')}.png`)
      data.append('_payload', JSON.stringify({ alt: 'Soak upload' }))
      return data
    }

    let expectedEvents = SEED_POSTS * 2 // created + published for each seed post
    const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]
    const timed = async (kind: string, request: () => Promise<{ status: number }>, expected: (status: number) => boolean): Promise<Outcome> => {
      const started = performance.now()
      try {
        const response = await Promise.race([
          request(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS).unref()),
        ])
        return { kind, status: response.status, ms: performance.now() - started, at: Date.now(), error: expected(response.status) ? undefined : `HTTP ${response.status}` }
      } catch (error) {
        return { kind, status: 0, ms: performance.now() - started, at: Date.now(), error: (error as Error).message }
      }
    }
    const ok = (status: number) => status >= 200 && status < 300

    const operations: { weight: number; run: (api: Api) => Promise<Outcome> }[] = [
      { weight: 25, run: () => timed('list', () => anonymous('GET', '/api/posts?limit=10&depth=1&sort=-publishedAt'), ok) },
      { weight: 20, run: () => timed('by slug', () => anonymous('GET', `/api/posts?where[slug][equals]=${pick(slugs)}&depth=2`), ok) },
      { weight: 8, run: () => timed('graphql', () => anonymous('GET', `/api/graphql?query=${encodeURIComponent('{ Posts(limit: 5) { docs { title slug } } }')}`), ok) },
      { weight: 7, run: () => timed('search', () => anonymous('GET', '/api/search/query?q=soak'), ok) },
      {
        weight: 8,
        run: async () => {
          const outcome = await timed('create', () => admin('POST', '/api/posts', { title: `Soak ${randomBytes(4).toString('hex')}` }), ok)
          if (!outcome.error) expectedEvents += 1
          return outcome
        },
      },
      {
        weight: 7,
        run: async () => {
          const outcome = await timed('update', () => admin('PATCH', `/api/posts/${pick(postIds)}`, { excerpt: `Edited ${Date.now()}` }), ok)
          if (!outcome.error) expectedEvents += 1
          return outcome
        },
      },
      { weight: 5, run: () => timed('upload', () => admin('POST', '/api/media', uploadForm()), ok) },
      {
        weight: 10,
        run: () =>
          timed('form post', async () => {
            const token = await anonymous('GET', `/api/forms/${formId}/token`)
            if (token.status !== 200) return token
            return anonymous('POST', '/api/form-submissions', {
              form: formId,
              formToken: jsonAt(token.body, 'token'),
              website: '',
              submissionData: [
                { field: 'name', value: 'Soak visitor' },
                { field: 'email', value: 'visitor@example.com' },
                { field: 'message', value: 'Hello' },
              ],
            })
          }, ok),
      },
    ]
    const totalWeight = operations.reduce((sum, operation) => sum + operation.weight, 0)
    const chooseOperation = () => {
      let roll = Math.random() * totalWeight
      for (const operation of operations) if ((roll -= operation.weight) < 0) return operation
      return operations[0]
    }

    const app = () => server.processes().find((process) => process.command.includes('app.js'))
    const startRss = server.rssBytes() ?? 0
    const startFiles = countOpenFiles(app()?.pid ?? server.pid)
    progress(`running ${options.minutes} min at ${options.rate} requests/s`)
    const outcomes: Outcome[] = []
    const minuteRss: number[] = []
    let inFlight = 0
    let skipped = 0
    const started = Date.now()
    const endAt = started + options.minutes * 60_000
    const intervalMs = 1000 / options.rate
    let nextMinute = started + 60_000
    for (let tick = 0; Date.now() < endAt; tick++) {
      const due = started + tick * intervalMs
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()))
      if (Date.now() >= nextMinute) {
        minuteRss.push(server.rssBytes() ?? 0)
        progress(`minute ${minuteRss.length}: ${outcomes.length} answered, ${outcomes.filter((outcome) => outcome.error).length} errors, RSS ${toMiB(minuteRss.at(-1)!).toFixed(0)} MiB`)
        nextMinute += 60_000
      }
      if (inFlight >= MAX_IN_FLIGHT) {
        skipped++
        continue
      }
      inFlight++
      void chooseOperation()
        .run(admin)
        .then((outcome) => outcomes.push(outcome))
        .finally(() => inFlight--)
    }
    while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 100))

    progress(`waiting for webhook deliveries (${expectedEvents} events)`)
    const deliveryDeadline = Date.now() + 120_000
    while (receiver.count() < expectedEvents && Date.now() < deliveryDeadline) await new Promise((resolve) => setTimeout(resolve, 500))

    const endRss = server.rssBytes() ?? 0
    const endFiles = countOpenFiles(app()?.pid ?? server.pid)
    const alive = server.processes().length > 0

    const rows: string[][] = []
    const minutes = Math.ceil(options.minutes)
    for (let minute = 0; minute < minutes; minute++) {
      const inMinute = outcomes.filter((outcome) => outcome.at >= started + minute * 60_000 && outcome.at < started + (minute + 1) * 60_000)
      if (inMinute.length === 0) continue
      const latency = summarize(inMinute.map((outcome) => outcome.ms))
      rows.push([String(minute + 1), String(inMinute.length), String(inMinute.filter((outcome) => outcome.error).length), latency.p50.toFixed(1), latency.p99.toFixed(1), minuteRss[minute] ? toMiB(minuteRss[minute]).toFixed(0) : '-'])
    }
    console.log(`\nSoak: ${options.minutes} min at ${options.rate} requests/s (${outcomes.length} requests, ${skipped} skipped while ${MAX_IN_FLIGHT} were in flight)\n`)
    console.log(formatGrid(['minute', 'requests', 'errors', 'p50 ms', 'p99 ms', 'RSS MiB'], rows, 'rrrrrr'))
    const byKind = [...new Set(outcomes.map((outcome) => outcome.kind))].map((kind) => {
      const ofKind = outcomes.filter((outcome) => outcome.kind === kind)
      const latency = summarize(ofKind.map((outcome) => outcome.ms))
      return [kind, String(ofKind.length), String(ofKind.filter((outcome) => outcome.error).length), latency.p50.toFixed(1), latency.p99.toFixed(1)]
    })
    console.log(`\n${formatGrid(['request', 'count', 'errors', 'p50 ms', 'p99 ms'], byKind, 'lrrrr')}`)
    const drift = startRss ? ((endRss - startRss) / startRss) * 100 : 0
    console.log(`\n${formatGrid(
      ['measure', 'start', 'end'],
      [
        ['server RSS (MiB)', toMiB(startRss).toFixed(0), toMiB(endRss).toFixed(0)],
        ['open files (app)', String(startFiles ?? '-'), String(endFiles ?? '-')],
        ['webhook events / delivered', '', `${expectedEvents} / ${receiver.count()}`],
      ],
      'lrr',
    )}`)
    console.log(`\nRSS drift: ${drift.toFixed(1)} % (target < 10 %); errors: ${outcomes.filter((outcome) => outcome.error).length} (target 0)`)
    const serverErrors = outcomes.filter((outcome) => outcome.status >= 500 || outcome.status === 0)
    for (const sample of serverErrors.slice(0, 5)) console.log(`  ${sample.kind}: ${sample.error}`)
    failed = serverErrors.length > 0 || !alive
    if (!alive) console.log('The server died during the run.')
  } finally {
    await cleanUp(cleanups, progress)
  }
  process.exit(failed ? 1 : 0)
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
