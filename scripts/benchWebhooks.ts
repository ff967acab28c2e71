// Benchmarks Folio's outgoing webhooks end to end: the compiled production server (API only) on
// a throwaway local database, writing categories over REST, delivering to a receiver in this
// process. Compares with the same receiver hit by plain fetch POSTs. With --posts, the database
// first holds that many posts (seeded as `npm run bench` seeds them), as a real site's would.
//
//   npm run bench:webhooks -- [--writes 100] [--burst 100] [--posts 0]
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { startLocalDatabase } from '@/db/localDatabase'
import { withDatabaseName } from '@/lib/withDatabaseName'
import { ensureServerBuild, expectStatus, signInFirstAdmin, startFolio, type Api } from './bench/folio'
import { seedContent } from './bench/seed'
import { startReceiver, type Receiver } from './bench/receiver'
import { formatTable, runPool, summarize, type Row, type Summary } from './bench/stats'
import { jsonAt } from './lib/jsonAt'

type Options = { writes: number; burst: number; posts: number }

const USAGE = 'usage: npm run bench:webhooks -- [--writes N] [--burst N] [--posts N]'
const FLAGS = { '--writes': 'writes', '--burst': 'burst', '--posts': 'posts' } as const
const SEED_CONCURRENCY = 4
const CONCURRENCY = 10
const FAN_OUT = 10
const WARM_UP_WRITES = 50
const DELIVERY_TIMEOUT_MS = 30_000
const STALL_TIMEOUT_MS = 30_000
const QUIET_MS = 1000
const QUIET_TIMEOUT_MS = 60_000

type Bench = { api: Api; receiver: Receiver; nextTitle: () => string }

type Write = { id: string; sentAt: number; requestMs: number }

type LatencyResult = { delivery: Summary; request: Summary }
type BurstResult = { deliveriesPerSecond: number; writesPerSecond: number }

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`)

function parseOptions(args: string[]): Options {
  const options: Options = { writes: 100, burst: 100, posts: 0 }
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2)
    if (!(flag in FLAGS)) throw new Error(`unknown argument ${args[i]}\n${USAGE}`)
    const key = FLAGS[flag as keyof typeof FLAGS]
    const raw = inline ?? args[++i]
    const value = Number(raw)
    const least = key === 'posts' ? 0 : 1
    if (!Number.isInteger(value) || value < least) throw new Error(`${flag} needs a whole number of at least ${least}, got ${raw}\n${USAGE}`)
    options[key] = value
  }
  return options
}

/** Logs "label: i/total" about ten times over a run. */
function progressEvery(label: string, total: number): (done: number) => void {
  const step = Math.max(1, Math.floor(total / 10))
  return (done) => {
    if (done % step === 0 || done === total) progress(`${label}: ${done}/${total}`)
  }
}

async function createEndpoints(bench: Bench, count: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const created = await bench.api('POST', '/api/webhooks', {
      name: `Bench receiver ${i}`,
      url: bench.receiver.url(`/hook/${i}`),
      events: ['created'],
      collections: ['categories'],
    })
    expectStatus(created, 201, 'creating a webhook endpoint')
    ids.push(String(jsonAt(created.body, 'doc', 'id')))
  }
  return ids
}

async function deleteEndpoints(bench: Bench, ids: string[]): Promise<void> {
  for (const id of ids) expectStatus(await bench.api('DELETE', `/api/webhooks/${id}`), 200, `deleting webhook endpoint ${id}`)
  await bench.receiver.waitForQuiet(QUIET_MS, QUIET_TIMEOUT_MS)
}

async function withEndpoints<T>(bench: Bench, count: number, run: () => Promise<T>): Promise<T> {
  const ids = await createEndpoints(bench, count)
  const result = await run()
  await deleteEndpoints(bench, ids)
  return result
}

async function writeCategory(bench: Bench): Promise<Write> {
  const sentAt = performance.now()
  const created = await bench.api('POST', '/api/categories', { title: bench.nextTitle() })
  const requestMs = performance.now() - sentAt
  expectStatus(created, 201, 'creating a category')
  return { id: String(jsonAt(created.body, 'doc', 'id')), sentAt, requestMs }
}

/** Sequential writes, each waiting until all `endpoints` deliveries of it arrived. */
async function measureLatency(bench: Bench, endpoints: number, writes: number): Promise<LatencyResult> {
  const label = `latency, ${endpoints} endpoint${endpoints > 1 ? 's' : ''}`
  return withEndpoints(bench, endpoints, async () => {
    const delivery: number[] = []
    const request: number[] = []
    const report = progressEvery(label, writes)
    for (let i = 0; i < WARM_UP_WRITES + writes; i++) {
      const write = await writeCategory(bench)
      const arrivedAt = await bench.receiver.waitForPaths(write.id, endpoints, DELIVERY_TIMEOUT_MS)
      if (i < WARM_UP_WRITES) continue
      delivery.push(arrivedAt - write.sentAt)
      request.push(write.requestMs)
      report(i - WARM_UP_WRITES + 1)
    }
    return { delivery: summarize(delivery), request: summarize(request) }
  })
}

/** `count` writes at CONCURRENCY, timed from the first write sent to the last delivery received. */
async function measureBurst(bench: Bench, endpoints: number, count: number): Promise<BurstResult> {
  const label = `burst, ${endpoints} endpoint${endpoints > 1 ? 's' : ''}`
  return withEndpoints(bench, endpoints, async () => {
    bench.receiver.reset()
    const report = progressEvery(`${label}, writes`, count)
    let written = 0
    let lastWriteAt = 0
    const startedAt = performance.now()
    await runPool(count, CONCURRENCY, async () => {
      await writeCategory(bench)
      lastWriteAt = performance.now()
      report(++written)
    })
    progress(`${label}: waiting for ${count * endpoints} deliveries`)
    const lastDeliveryAt = await bench.receiver.waitForTotal(count * endpoints, STALL_TIMEOUT_MS)
    return {
      deliveriesPerSecond: (count * endpoints) / ((lastDeliveryAt - startedAt) / 1000),
      writesPerSecond: count / ((lastWriteAt - startedAt) / 1000),
    }
  })
}

/** A body shaped like a categories.created delivery. */
function directBody(id: string): string {
  const now = new Date().toISOString()
  const document = { id, title: `Direct ${id}`, slug: `direct-${id}`, createdAt: now, updatedAt: now }
  return JSON.stringify({ type: 'categories.created', timestamp: now, data: { collection: 'categories', id, document } })
}

async function postDirect(receiver: Receiver, pathname: string, id: string): Promise<void> {
  const response = await fetch(receiver.url(pathname), { method: 'POST', headers: { 'content-type': 'application/json' }, body: directBody(id) })
  await response.arrayBuffer()
  if (!response.ok) throw new Error(`direct POST to ${pathname}: ${response.status}`)
}

/** Sequential direct POSTs to `paths` receiver paths in parallel, timed to the last arrival. */
async function measureDirectLatency(receiver: Receiver, paths: number, count: number): Promise<Summary> {
  const latencies: number[] = []
  for (let i = 0; i < WARM_UP_WRITES + count; i++) {
    const id = `direct-${paths}-${i}`
    const sentAt = performance.now()
    await Promise.all(Array.from({ length: paths }, (_, p) => postDirect(receiver, `/direct/${p}`, id)))
    const arrivedAt = await receiver.waitForPaths(id, paths, DELIVERY_TIMEOUT_MS)
    if (i >= WARM_UP_WRITES) latencies.push(arrivedAt - sentAt)
  }
  return summarize(latencies)
}

async function measureDirectThroughput(receiver: Receiver, count: number): Promise<number> {
  receiver.reset()
  const startedAt = performance.now()
  await runPool(count, CONCURRENCY, (i) => postDirect(receiver, '/direct/burst', `direct-burst-${i}`))
  const lastAt = await receiver.waitForTotal(count, STALL_TIMEOUT_MS)
  return count / ((lastAt - startedAt) / 1000)
}

type Results = {
  options: Options
  direct: { single: Summary; fanOut: Summary; perSecond: number }
  one: LatencyResult
  ten: LatencyResult
  burstOne: BurstResult
  burstTen: BurstResult
  rssBytes: number | undefined
}

function latencyRows(label: string, folio: Summary, direct: Summary): Row[] {
  return [
    { label: `${label} p50`, unit: 'ms', folio: folio.p50, direct: direct.p50 },
    { label: `${label} p99`, unit: 'ms', folio: folio.p99, direct: direct.p99 },
    { label: `${label} max`, unit: 'ms', folio: folio.max, direct: direct.max },
  ]
}

function burstRows(label: string, folio: BurstResult, directPerSecond: number): Row[] {
  return [
    { label: `${label}: deliveries/s`, unit: '1/s', folio: folio.deliveriesPerSecond, direct: directPerSecond },
    { label: `${label}: writes/s`, unit: '1/s', folio: folio.writesPerSecond },
  ]
}

function report(results: Results, elapsedMs: number): string {
  const { options, direct } = results
  const rows: Row[] = [
    ...latencyRows('write -> delivery, 1 endpoint', results.one.delivery, direct.single),
    ...latencyRows(`write -> last of ${FAN_OUT} deliveries, ${FAN_OUT} endpoints`, results.ten.delivery, direct.fanOut),
    { label: 'write request, 1 endpoint p50', unit: 'ms', folio: results.one.request.p50 },
    { label: 'write request, 1 endpoint p99', unit: 'ms', folio: results.one.request.p99 },
    { label: `write request, ${FAN_OUT} endpoints p50`, unit: 'ms', folio: results.ten.request.p50 },
    { label: `write request, ${FAN_OUT} endpoints p99`, unit: 'ms', folio: results.ten.request.p99 },
    ...burstRows(`burst of ${options.burst} writes, 1 endpoint`, results.burstOne, direct.perSecond),
    ...burstRows(`burst of ${options.burst} writes, ${FAN_OUT} endpoints`, results.burstTen, direct.perSecond),
    { label: 'Folio RSS at end (launcher + app)', unit: 'MiB', folio: results.rssBytes === undefined ? undefined : results.rssBytes / 1024 / 1024 },
  ]
  return [
    `Folio webhook benchmark: ${options.writes} sequential writes per latency run (after ${WARM_UP_WRITES} warm-up writes), bursts of ${options.burst} writes at concurrency ${CONCURRENCY}, ` +
      `${options.posts} posts in the database`,
    '',
    formatTable(rows),
    '',
    `direct POST (no Folio): plain fetch from the benchmark process to the same receiver with a similar JSON body;`,
    `  latency rows: ${options.writes} sequential POSTs (one at a time, or ${FAN_OUT} in parallel for the ${FAN_OUT}-endpoint row);`,
    `  deliveries/s rows: ${options.burst} POSTs at concurrency ${CONCURRENCY}, in requests/s.`,
    `Total time ${(elapsedMs / 1000).toFixed(1)} s.`,
  ].join('\n')
}

async function runScenarios(bench: Bench, options: Options, rssBytes: () => number | undefined): Promise<Results> {
  progress('direct POST baseline')
  const direct = {
    single: await measureDirectLatency(bench.receiver, 1, options.writes),
    fanOut: await measureDirectLatency(bench.receiver, FAN_OUT, options.writes),
    perSecond: await measureDirectThroughput(bench.receiver, options.burst),
  }
  const one = await measureLatency(bench, 1, options.writes)
  const ten = await measureLatency(bench, FAN_OUT, options.writes)
  const burstOne = await measureBurst(bench, 1, options.burst)
  const burstTen = await measureBurst(bench, FAN_OUT, options.burst)
  return { options, direct, one, ten, burstOne, burstTen, rssBytes: rssBytes() }
}

/** Runs the cleanups newest first; every one runs even when an earlier one fails. */
async function cleanUp(cleanups: (() => Promise<void> | void)[]): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup()
    } catch (error) {
      progress(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
}

function makeTempDir(prefix: string, cleanups: (() => void)[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  const startedAt = performance.now()
  // The local database and dist/ are found relative to the project folder.
  process.chdir(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'))
  ensureServerBuild(progress)

  const cleanups: (() => Promise<void> | void)[] = []
  try {
    const dataDir = makeTempDir('folio-bench-db-', cleanups)
    const mediaDir = makeTempDir('folio-bench-media-', cleanups)
    progress('starting the local database')
    const database = await startLocalDatabase({ dataDir, memory: true, log: progress })
    cleanups.push(() => database.stop())

    const receiver = await startReceiver()
    cleanups.push(() => receiver.close())

    progress('starting the server (node dist/server.js, FOLIO_ADMIN=false)')
    const databaseUri = withDatabaseName(database.uri, `folio_bench_${randomBytes(4).toString('hex')}`)
    const folio = await startFolio({ databaseUri, mediaDir })
    cleanups.push(() => folio.stop())
    progress(`server ready at ${folio.url} (pid ${folio.pid})`)

    const runId = randomBytes(4).toString('hex')
    let titles = 0
    const bench: Bench = { api: await signInFirstAdmin(folio.url), receiver, nextTitle: () => `Bench ${runId} ${++titles}` }
    if (options.posts > 0) {
      progress(`seeding ${options.posts} posts (no endpoint yet: the seeding sends no webhook)`)
      const seeded = await seedContent(bench.api, { posts: options.posts, concurrency: SEED_CONCURRENCY, log: progress, databaseUri })
      progress(`seeded ${seeded.slugs.length} posts in ${(seeded.totalMs / 1000).toFixed(1)} s`)
    }
    const results = await runScenarios(bench, options, folio.rssBytes)
    process.stdout.write(`${report(results, performance.now() - startedAt)}\n`)
  } finally {
    progress('cleaning up')
    await cleanUp(cleanups)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchWebhooks failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
