// Benchmarks Folio's read API against stock Payload: seeds posts with images, categories and
// authors into a throwaway local database, starts stock Payload (`next start` on the same build,
// config and database) and Folio (the compiled server, once with its response cache on and once
// with FOLIO_CACHE=false), and drives them with autocannon on the same requests, taking turns.
//
//   npm run bench -- [--posts 1000] [--duration 10] [--rounds 2] [--warmup 2] [--connections 10] [--no-build]
//                    [--platform-only] [--cpu-prof DIR] [--backend memory|h2]
import { spawnSync } from 'node:child_process'
import http from 'node:http'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { startLocalDatabase } from '@/db/localDatabase'
import { withDatabaseName } from '@/lib/withDatabaseName'
import { cleanUp, makeTempDir, type Cleanup } from './bench/cleanup'
import { createApi, ensureServerBuild, signInFirstAdminToken, startFolio } from './bench/folio'
import { combineRuns, runLoad, type LoadRequest, type LoadRun, type LoadSummary } from './bench/load'
import { measureOneAtATime, type OneAtATime } from './bench/oneAtATime'
import { measureAgainstPlatform, type BaselineResult } from './bench/platformBaseline'
import { readProcessTree, toMiB, totalCpuSeconds, totalRss, waitForIdle, type ProcessInfo } from './bench/processes'
import { seedContent, TEMPLATES, type SeededContent } from './bench/seed'
import { formatGrid, formatNumber } from './bench/stats'
import { hasNextBuild, startStock } from './bench/stock'

type Options = {
  posts: number
  duration: number
  rounds: number
  warmup: number
  connections: number
  build: boolean
  /** Only the platform baseline: Folio's cache hits against a bare Node server (no stock Payload, no other rows). */
  platformOnly: boolean
  /** A folder to write the cached server's CPU profile into (node --cpu-prof), when given. */
  cpuProfDir?: string
  /** The local database's backend: in memory (the default), or H2's file as `npm start` runs it. */
  backend: 'memory' | 'h2'
}

const USAGE =
  'usage: npm run bench -- [--posts N] [--duration SECONDS] [--rounds N] [--warmup SECONDS] [--connections N] [--no-build] [--platform-only] [--cpu-prof DIR] [--backend memory|h2]'
const NUMBER_FLAGS = {
  '--posts': 'posts',
  '--duration': 'duration',
  '--rounds': 'rounds',
  '--warmup': 'warmup',
  '--connections': 'connections',
} as const
const SEED_CONCURRENCY = 6
const SLUGS_IN_TURN = 10
/** Longest wait, after a run, for the servers and the database to finish requests left in flight. */
const SETTLE_TIMEOUT_MS = 120_000

const TARGET_CACHED_RATIO = 25
const TARGET_CACHED_P99_MS = 5
const TARGET_UNCACHED_RATIO = 1

const LIST_PATH = '/api/posts?limit=20&depth=1&sort=-publishedAt'
/** The list again, asked for compressed as browsers ask: cache hits then send stored brotli bytes. */
const COMPRESSED_LIST = 'list of 20, depth 1, br'
/** Compressed cache hits against plain ones: what keeping the compressed forms costs a hit. */
const TARGET_COMPRESSED_RATIO = 0.8
/** Cache hits against a bare Node server returning the same bytes. */
const TARGET_PLATFORM_RATIO = 0.7
const TARGET_PLATFORM_P99_MS = 5
/** Requests per server and row of the one-at-a-time latencies. */
const ONE_AT_A_TIME_REQUESTS = 100
const TARGET_SLUG_P50_MS = 20
const TARGET_ADMIN_LIST_P50_MS = 150
/** A page of posts as the admin's list view asks for it: signed in, drafts included, 10 per page, depth 1. */
const adminListPath = (page: number) => `/api/posts?depth=1&limit=10&page=${page}&draft=true`
const GRAPHQL_QUERY = '{ Posts(limit: 10, sort: "-publishedAt") { docs { title slug publishedAt heroImage { url alt } categories { title } } } }'
const GRAPHQL_POST: LoadRequest = {
  method: 'POST',
  path: '/api/graphql',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: GRAPHQL_QUERY }),
}
const GRAPHQL_GET: LoadRequest = { method: 'GET', path: `/api/graphql?query=${encodeURIComponent(GRAPHQL_QUERY)}` }
/** Sent as If-None-Match when no server gave an ETag to revalidate with. */
const NO_ETAG = '"none"'

const TARGETS = ['stock', 'cached', 'uncached'] as const
type Target = (typeof TARGETS)[number]
const TARGET_LABELS: Record<Target, string> = { stock: 'stock Payload', cached: 'Folio, cache on', uncached: 'Folio, cache off' }

type Server = { url: string; processes: () => ProcessInfo[] }
type Servers = Record<Target, Server>

type Scenario = {
  name: string
  requests: Record<Target, LoadRequest[]>
  /** Anonymous GETs Folio's cache may answer: the cache-on row is held to the cached target. */
  isCacheable: boolean
  /** What the check before the runs found: identical bodies, ETags, … */
  notes: string[]
}

/** CPU time used during a run, in seconds, or as a share of one core when averaged over runs. */
type Cpu = { server: number; database: number; generator: number }

type ScenarioResult = { scenario: Scenario; summaries: Record<Target, LoadSummary>; cpu: Record<Target, Cpu> }

type Memory = { before: Record<Target, ProcessInfo[]>; after: Record<Target, ProcessInfo[]>; database: { before: ProcessInfo[]; after: ProcessInfo[] } }

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`)

function parseOptions(args: string[]): Options {
  const options: Options = { posts: 1000, duration: 10, rounds: 2, warmup: 2, connections: 10, build: true, platformOnly: false, backend: 'memory' }
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2)
    if (flag === '--no-build' && inline === undefined) {
      options.build = false
      continue
    }
    if (flag === '--backend') {
      const backend = inline ?? args[++i]
      if (backend !== 'memory' && backend !== 'h2') throw new Error(`--backend is memory or h2, got ${backend}\n${USAGE}`)
      options.backend = backend
      continue
    }
    if (flag === '--platform-only' && inline === undefined) {
      options.platformOnly = true
      continue
    }
    if (flag === '--cpu-prof') {
      const dir = inline ?? args[++i]
      if (!dir || dir.startsWith('--')) throw new Error(`--cpu-prof needs a folder\n${USAGE}`)
      options.cpuProfDir = path.resolve(dir)
      continue
    }
    if (!(flag in NUMBER_FLAGS)) throw new Error(`unknown argument ${args[i]}\n${USAGE}`)
    const key = NUMBER_FLAGS[flag as keyof typeof NUMBER_FLAGS]
    const raw = inline ?? args[++i]
    const value = Number(raw)
    const min = key === 'warmup' ? 0 : 1
    if (!Number.isInteger(value) || value < min) throw new Error(`${flag} needs a whole number of at least ${min}, got ${raw}\n${USAGE}`)
    options[key] = value
  }
  return options
}

/**
 * Brings dist/ (Folio) and .next/ (stock Payload) up to date with the sources, with the same check
 * npm start and npm test use; with --no-build, builds only what is missing.
 */
function ensureBuilds(options: Options): void {
  if (options.build) {
    const script = "import { ensureBuild } from './scripts/lib/prepare.mjs'; ensureBuild()"
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', process.stderr, process.stderr] })
    if (result.status !== 0) throw new Error(`building dist/ and .next/ failed (exit ${result.status ?? result.signal})`)
    return
  }
  ensureServerBuild(progress)
  if (options.platformOnly || hasNextBuild()) return
  progress('.next/ is missing; running npm run build:admin')
  const result = spawnSync('npm', ['run', 'build:admin'], { stdio: ['ignore', process.stderr, process.stderr] })
  if (result.status !== 0) throw new Error(`npm run build:admin exited with ${result.status}`)
}

const postPath = (slug: string) => `/api/posts?where[slug][equals]=${encodeURIComponent(slug)}&depth=2&limit=1`

/** `count` slugs spread evenly over all of them, newest first. */
function pickSlugs(slugs: string[], count: number): string[] {
  if (slugs.length <= count) return slugs
  return Array.from({ length: count }, (_, i) => slugs[Math.floor((i * slugs.length) / count)])
}

const sameForAll = (requests: LoadRequest[]): Record<Target, LoadRequest[]> => ({ stock: requests, cached: requests, uncached: requests })

/** The bytes of an answer as sent (fetch would decompress them), and its Content-Encoding. */
function wireBytes(server: Server, request: LoadRequest): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(`${server.url}${request.path}`, { method: request.method, headers: request.headers }, (response) => {
      let bytes = 0
      response.on('data', (chunk: Buffer) => (bytes += chunk.byteLength))
      response.on('end', () => resolve({ bytes, encoding: String(response.headers['content-encoding'] ?? 'identity') }))
      response.on('error', reject)
    })
    outgoing.on('error', reject)
    outgoing.end(request.body)
  })
}

/** Notes the bytes each server sends for the scenario's first request. */
async function noteWireBytes(servers: Servers, scenario: Scenario): Promise<void> {
  const sizes: string[] = []
  for (const target of TARGETS) {
    const { bytes, encoding } = await wireBytes(servers[target], scenario.requests[target][0])
    sizes.push(`${TARGET_LABELS[target]} ${bytes.toLocaleString('en')} (${encoding})`)
  }
  scenario.notes.push(`bytes on the wire: ${sizes.join(', ')}`)
}

async function send(server: Server, request: LoadRequest): Promise<Response> {
  return fetch(`${server.url}${request.path}`, { method: request.method, headers: request.headers, body: request.body })
}

/** The path of the first place where `a` and `b` differ (key order aside), or undefined when they are equal. */
function firstDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (a === b) return undefined
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
    for (const key of keys) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`)
      if (found) return found
    }
    return undefined
  }
  return at
}

/**
 * Sends the scenario's first request to every server once and compares the answers with stock
 * Payload's (each server's own address replaced, since media URLs contain it).
 */
async function compareAnswers(servers: Servers, scenario: Scenario): Promise<void> {
  const answers = {} as Record<Target, { status: number; text: string; json: unknown }>
  for (const target of TARGETS) {
    const response = await send(servers[target], scenario.requests[target][0])
    const text = (await response.text()).replaceAll(servers[target].url, '<server>')
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = text
    }
    answers[target] = { status: response.status, text, json }
  }
  const stock = answers.stock
  const kilobytes = (text: string) => `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`
  const differing = TARGETS.filter((target) => target !== 'stock').flatMap((target) => {
    const answer = answers[target]
    if (answer.status !== stock.status) return [`${TARGET_LABELS[target]} answered ${answer.status}, stock Payload ${stock.status}`]
    const difference = firstDifference(stock.json, answer.json)
    return difference ? [`${TARGET_LABELS[target]}'s answer differs from stock Payload's at ${difference}`] : []
  })
  scenario.notes.push(
    differing.length === 0
      ? `same answer from all three (${stock.status}, ${kilobytes(stock.text)})`
      : `${differing.join('; ')} (stock: ${stock.status}, ${kilobytes(stock.text)})`,
  )
  for (const note of differing) progress(`${scenario.name}: ${note}`)
}

/**
 * The single-post requests made conditional: If-None-Match with the ETag each server gave for each
 * URL. A server that gives none gets the ETag Folio gave (the same request Folio gets), so its
 * answer shows what a client revalidating would get from it.
 */
async function revalidationScenario(servers: Servers, paths: string[]): Promise<Scenario> {
  const etags = {} as Record<Target, (string | undefined)[]>
  const cacheControl = {} as Record<Target, string | null>
  for (const target of TARGETS) {
    etags[target] = []
    for (const path of paths) {
      const response = await fetch(`${servers[target].url}${path}`)
      await response.arrayBuffer()
      etags[target].push(response.headers.get('etag') ?? undefined)
      cacheControl[target] ??= response.headers.get('cache-control')
    }
  }
  const notes: string[] = []
  const requests = {} as Record<Target, LoadRequest[]>
  for (const target of TARGETS) {
    const own = etags[target].filter(Boolean).length
    const borrowed = own === paths.length ? undefined : TARGETS.find((other) => other !== 'stock' && etags[other].every(Boolean))
    requests[target] = paths.map((path, i) => ({
      method: 'GET',
      path,
      headers: { 'if-none-match': etags[target][i] ?? (borrowed && etags[borrowed][i]) ?? NO_ETAG },
    }))
    const answer = await send(servers[target], requests[target][0])
    await answer.arrayBuffer()
    const sent =
      own === paths.length
        ? `sends ETags (e.g. ${etags[target][0]})`
        : `sent an ETag for ${own} of ${paths.length} URLs, so it got ${borrowed ? `${TARGET_LABELS[borrowed]}'s ETags` : `If-None-Match: ${NO_ETAG}`}`
    notes.push(`${TARGET_LABELS[target]} ${sent} and Cache-Control: ${cacheControl[target] ?? '(none)'}; it answers the conditional request with ${answer.status}`)
  }
  for (const note of notes) progress(`304 revalidation: ${note}`)
  return { name: '304 revalidation', requests, isCacheable: true, notes }
}

async function buildScenarios(servers: Servers, seeded: SeededContent): Promise<Scenario[]> {
  const postPaths = pickSlugs(seeded.slugs, SLUGS_IN_TURN).map(postPath)
  const postRequests = postPaths.map((path): LoadRequest => ({ method: 'GET', path }))
  const scenarios: Scenario[] = [
    { name: 'post by slug, depth 2', requests: sameForAll(postRequests), isCacheable: true, notes: [] },
    { name: 'list of 20, depth 1', requests: sameForAll([{ method: 'GET', path: LIST_PATH }]), isCacheable: true, notes: [] },
    { name: COMPRESSED_LIST, requests: sameForAll([{ method: 'GET', path: LIST_PATH, headers: { 'accept-encoding': 'br, gzip' } }]), isCacheable: true, notes: [] },
    {
      name: 'GraphQL query',
      requests: { stock: [GRAPHQL_POST], cached: [GRAPHQL_GET], uncached: [GRAPHQL_GET] },
      isCacheable: true,
      notes: [],
    },
    { name: 'GraphQL query, POST', requests: sameForAll([GRAPHQL_POST]), isCacheable: false, notes: [] },
  ]
  for (const scenario of scenarios) {
    await compareAnswers(servers, scenario)
    await noteWireBytes(servers, scenario)
  }
  scenarios.push(await revalidationScenario(servers, postPaths))
  return scenarios
}

const formatStatuses = (summary: LoadSummary) =>
  [
    ...Object.entries(summary.statuses).map(([status, count]) => `${status}:${count}`),
    ...(summary.errors ? [`errors:${summary.errors}`] : []),
    ...(summary.timeouts ? [`timeouts:${summary.timeouts}`] : []),
  ].join(' ') || 'none'

/** Anything but 2xx and 304, or a connection error or timeout. */
const hasFailures = (summary: LoadSummary) =>
  summary.errors > 0 || summary.timeouts > 0 || Object.keys(summary.statuses).some((status) => !status.startsWith('2') && status !== '304')

const formatMs = (value: number) => (Number.isNaN(value) ? '-' : formatNumber(value))

const noCpu = (): Cpu => ({ server: 0, database: 0, generator: 0 })
const addCpu = (a: Cpu, b: Cpu): Cpu => ({ server: a.server + b.server, database: a.database + b.database, generator: a.generator + b.generator })
const scaleCpu = (cpu: Cpu, factor: number): Cpu => ({ server: cpu.server * factor, database: cpu.database * factor, generator: cpu.generator * factor })
/** Shares of one core as percentages: "server/database/autocannon". */
const formatCpu = (cpu: Cpu) => [cpu.server, cpu.database, cpu.generator].map((share) => (share * 100).toFixed(0)).join('/')

/** The local database server: a child of this process. */
const databaseProcesses = () => readProcessTree(process.pid).filter((info) => info.command.startsWith('java'))

/**
 * Waits until the servers and the database are idle: a slow server is still working on the
 * requests a run left in flight, and that work must not count against the next server.
 */
async function settle(): Promise<void> {
  const waitedMs = await waitForIdle(() => readProcessTree(process.pid).slice(1), SETTLE_TIMEOUT_MS)
  if (waitedMs > 2000) progress(`waited ${(waitedMs / 1000).toFixed(1)} s for requests left in flight to finish`)
}

async function runScenario(scenario: Scenario, servers: Servers, options: Options): Promise<ScenarioResult> {
  const load = (target: Target, durationSeconds: number) =>
    runLoad(servers[target].url, scenario.requests[target], { connections: options.connections, durationSeconds })
  /** One run, with the CPU time the server, the database and this process (autocannon) used meanwhile. */
  const measure = async (target: Target): Promise<{ run: LoadRun; cpu: Cpu }> => {
    const serverBefore = totalCpuSeconds(servers[target].processes())
    const databaseBefore = totalCpuSeconds(databaseProcesses())
    const generatorBefore = process.cpuUsage()
    const run = await load(target, options.duration)
    const generator = process.cpuUsage(generatorBefore)
    const cpu = {
      server: totalCpuSeconds(servers[target].processes()) - serverBefore,
      database: totalCpuSeconds(databaseProcesses()) - databaseBefore,
      generator: (generator.user + generator.system) / 1e6,
    }
    await settle()
    return { run, cpu }
  }

  // Every distinct request once, awaited: a cache is measured warm, however slow the database
  // made the runs before (entries of earlier scenarios may have outlived CACHE_TTL_SECONDS).
  progress(`${scenario.name}: sending each request once to each server`)
  for (const target of TARGETS) {
    const seen = new Set<string>()
    for (const request of scenario.requests[target]) {
      const key = `${request.method} ${request.path} ${request.body ?? ''}`
      if (seen.has(key)) continue
      seen.add(key)
      await fetch(`${servers[target].url}${request.path}`, { method: request.method, headers: request.headers, body: request.body }).then((response) => response.arrayBuffer())
    }
  }
  if (options.warmup > 0) {
    progress(`${scenario.name}: warming up each server for ${options.warmup} s`)
    for (const target of TARGETS) {
      await load(target, options.warmup)
      await settle()
    }
  }
  const runs: Record<Target, LoadRun[]> = { stock: [], cached: [], uncached: [] }
  const cpuSeconds: Record<Target, Cpu> = { stock: noCpu(), cached: noCpu(), uncached: noCpu() }
  for (let round = 1; round <= options.rounds; round++) {
    for (const target of TARGETS) {
      const { run, cpu } = await measure(target)
      runs[target].push(run)
      cpuSeconds[target] = addCpu(cpuSeconds[target], cpu)
      const summary = combineRuns([run])
      progress(
        `${scenario.name} · ${TARGET_LABELS[target]} · round ${round}/${options.rounds}: ` +
          `${formatNumber(summary.requestsPerSecond)} req/s, p50 ${formatMs(summary.p50)} ms, p99 ${formatMs(summary.p99)} ms, ` +
          `${formatStatuses(summary)}, CPU % server/db/autocannon ${formatCpu(scaleCpu(cpu, 1 / run.seconds))}`,
      )
    }
  }
  const share = (target: Target) => scaleCpu(cpuSeconds[target], 1 / runs[target].reduce((total, run) => total + run.seconds, 0))
  return {
    scenario,
    summaries: { stock: combineRuns(runs.stock), cached: combineRuns(runs.cached), uncached: combineRuns(runs.uncached) },
    cpu: { stock: share('stock'), cached: share('cached'), uncached: share('uncached') },
  }
}

const ratioOf = (result: ScenarioResult, target: Target) => result.summaries[target].requestsPerSecond / result.summaries.stock.requestsPerSecond

const formatRatio = (ratio: number) => `${Number.isFinite(ratio) ? formatNumber(ratio) : '-'}x`

/** The database used over half a core, and over twice what the server used. */
const isDatabaseBound = (cpu: Cpu) => cpu.database > 0.5 && cpu.database > 2 * cpu.server
/** autocannon, in this process, used most of a core: it could not send faster. */
const isGeneratorBound = (cpu: Cpu) => cpu.generator >= 0.9

function describeRequest(request: LoadRequest): string {
  if (request.headers?.['if-none-match']) return `${request.method} + If-None-Match`
  return request.method
}

function resultsTable(results: ScenarioResult[]): string {
  const header = ['scenario', 'server', 'request', 'req/s', 'p50 ms', 'p99 ms', 'Folio/stock', 'CPU % srv/db/gen', 'responses (status:count)']
  const lines: string[][] = []
  for (const result of results) {
    if (lines.length > 0) lines.push([])
    for (const target of TARGETS) {
      const summary = result.summaries[target]
      lines.push([
        target === 'stock' ? result.scenario.name : '',
        TARGET_LABELS[target],
        describeRequest(result.scenario.requests[target][0]),
        formatNumber(summary.requestsPerSecond),
        formatMs(summary.p50),
        formatMs(summary.p99),
        target === 'stock' ? '' : formatRatio(ratioOf(result, target)),
        formatCpu(result.cpu[target]),
        `${formatStatuses(summary)}${hasFailures(summary) ? ' !' : ''}`,
      ])
    }
  }
  return formatGrid(header, lines, 'lllrrrrrl')
}

function targetsReport(results: ScenarioResult[]): string {
  const verdict = (met: boolean, summary: LoadSummary) => (hasFailures(summary) ? 'not met (failed responses)' : met ? 'met' : 'not met')
  const cached = results
    .filter((result) => result.scenario.isCacheable)
    .map((result) => {
      const summary = result.summaries.cached
      const ratio = ratioOf(result, 'cached')
      const met = ratio >= TARGET_CACHED_RATIO && summary.p99 <= TARGET_CACHED_P99_MS
      return [`  ${result.scenario.name}`, `${formatRatio(ratio)}, p99 ${formatMs(summary.p99)} ms`, verdict(met, summary)]
    })
  const uncached = results.map((result) => {
    const summary = result.summaries.uncached
    const ratio = ratioOf(result, 'uncached')
    const bothDatabaseBound = isDatabaseBound(result.cpu.uncached) && isDatabaseBound(result.cpu.stock)
    return [`  ${result.scenario.name}`, formatRatio(ratio), `${verdict(ratio >= TARGET_UNCACHED_RATIO, summary)}${bothDatabaseBound ? ' (both database-bound)' : ''}`]
  })
  const width = Math.max(...[...cached, ...uncached].map((line) => line[0].length))
  const valueWidth = Math.max(...[...cached, ...uncached].map((line) => line[1].length))
  const render = (line: string[]) => `${line[0].padEnd(width)}  ${line[1].padEnd(valueWidth)}  ${line[2]}`
  const plainList = results.find((result) => result.scenario.name === 'list of 20, depth 1')
  const compressedList = results.find((result) => result.scenario.name === COMPRESSED_LIST)
  const compressed =
    plainList && compressedList
      ? (() => {
          const ratio = compressedList.summaries.cached.requestsPerSecond / plainList.summaries.cached.requestsPerSecond
          return [`compressed cache hits: >= ${TARGET_COMPRESSED_RATIO}x plain ones`, `  ${COMPRESSED_LIST} / list of 20, depth 1: ${formatRatio(ratio)} ${verdict(ratio >= TARGET_COMPRESSED_RATIO, compressedList.summaries.cached)}`]
        })()
      : []
  return [
    'Targets (reported, not asserted):',
    `cache on: >= ${TARGET_CACHED_RATIO}x stock req/s with p99 <= ${TARGET_CACHED_P99_MS} ms`,
    ...cached.map(render),
    `cache off: >= ${TARGET_UNCACHED_RATIO.toFixed(1)}x stock req/s`,
    ...uncached.map(render),
    ...compressed,
  ].join('\n')
}

function memoryTable(memory: Memory): string {
  const cell = (bytes: number | undefined) => (bytes === undefined ? '-' : toMiB(bytes).toFixed(0))
  const lines: string[][] = []
  for (const target of TARGETS) {
    const before = new Map(memory.before[target].map((info) => [info.pid, info]))
    const after = memory.after[target]
    const processes = after.length > 0 ? after : memory.before[target]
    processes.forEach((info, index) => {
      lines.push([
        index === 0 ? TARGET_LABELS[target] : '',
        `${info.command} (pid ${info.pid})`,
        cell(before.get(info.pid)?.rssBytes),
        after.length > 0 ? cell(info.rssBytes) : '-',
        cell(info.peakBytes),
      ])
    })
    if (processes.length > 1) lines.push(['', 'total', cell(totalRss(memory.before[target])), cell(totalRss(after)), ''])
  }
  const databaseBefore = new Map(memory.database.before.map((info) => [info.pid, info]))
  for (const [index, info] of (memory.database.after.length > 0 ? memory.database.after : memory.database.before).entries()) {
    lines.push([index === 0 ? 'local database' : '', `${info.command.split(' ').filter((part) => !part.includes('/')).join(' ')} (pid ${info.pid})`, cell(databaseBefore.get(info.pid)?.rssBytes), cell(info.rssBytes), cell(info.peakBytes)])
  }
  return formatGrid(['server', 'process', 'RSS before load MiB', 'RSS after load MiB', 'peak RSS MiB'], lines, 'llrrr')
}

/** What the CPU shares say about the rows: which ones measured the database or autocannon more than the server. */
function caveats(results: ScenarioResult[]): string[] {
  const rowsWhere = (test: (cpu: Cpu) => boolean) =>
    TARGETS.flatMap((target) => {
      const names = results.filter((result) => test(result.cpu[target])).map((result) => result.scenario.name)
      if (names.length === 0) return []
      return [`${TARGET_LABELS[target]}: ${names.length === results.length ? 'every scenario' : names.join(', ')}`]
    })
  const lines: string[] = []
  const databaseBound = rowsWhere(isDatabaseBound)
  if (databaseBound.length > 0) {
    lines.push(
      'Database-bound rows (the database used over half a core and over twice the server\'s CPU): their req/s measure',
      '  the database more than the server.',
      ...databaseBound.map((line) => `  ${line}`),
    )
  }
  const generatorBound = rowsWhere(isGeneratorBound)
  if (generatorBound.length > 0) {
    lines.push(
      'Load-generator-bound rows (autocannon used 90% of a core or more): their req/s are a ceiling of this machine,',
      '  not of the server.',
      ...generatorBound.map((line) => `  ${line}`),
    )
  }
  return lines
}

type LatencyRow = { name: string; request: string; summaries: Record<Target, OneAtATime>; target?: { ms: number; of: Target } }

/** Latency of one reader at a time: no queue in it, unlike the rows under load. */
async function measureLatencies(servers: Servers, seeded: SeededContent, token: string): Promise<LatencyRow[]> {
  const signedIn = { authorization: `JWT ${token}` }
  const middlePage = Math.max(1, Math.floor(seeded.slugs.length / 10 / 2))
  const rows: Omit<LatencyRow, 'summaries'>[] = [
    { name: 'post by slug, depth 2, anonymous', request: postPath('<slug>'), target: { ms: TARGET_SLUG_P50_MS, of: 'uncached' } },
    { name: 'admin list of posts, page 1', request: `${adminListPath(1)} (signed in)`, target: { ms: TARGET_ADMIN_LIST_P50_MS, of: 'cached' } },
    { name: `admin list of posts, page ${middlePage}`, request: `${adminListPath(middlePage)} (signed in)`, target: { ms: TARGET_ADMIN_LIST_P50_MS, of: 'cached' } },
  ]
  const requestsOf = (index: number): LoadRequest[] =>
    index === 0
      ? pickSlugs(seeded.slugs, SLUGS_IN_TURN).map((slug) => ({ method: 'GET', path: postPath(slug) }))
      : [{ method: 'GET', path: adminListPath(index === 1 ? 1 : middlePage), headers: signedIn }]
  const measured: LatencyRow[] = []
  for (const [index, row] of rows.entries()) {
    const summaries = {} as Record<Target, OneAtATime>
    for (const target of TARGETS) {
      summaries[target] = await measureOneAtATime(servers[target].url, requestsOf(index), ONE_AT_A_TIME_REQUESTS)
      await waitForIdle(() => [...servers[target].processes()], SETTLE_TIMEOUT_MS)
    }
    measured.push({ ...row, summaries })
  }
  return measured
}

function latencyReport(rows: LatencyRow[]): string {
  const lines = rows.flatMap((row, index) => [
    ...(index > 0 ? [[]] : []),
    ...TARGETS.map((target) => {
      const summary = row.summaries[target]
      const held = row.target?.of === target
      const verdict = held && row.target ? `${summary.p50 <= row.target.ms && !Object.keys(summary.statuses).some((status) => !status.startsWith('2')) ? 'met' : 'not met'} (p50 <= ${row.target.ms} ms)` : ''
      return [target === 'stock' ? row.name : '', TARGET_LABELS[target], formatMs(summary.p50), formatMs(summary.p99), formatMs(summary.max), formatStatusCounts(summary.statuses), verdict]
    }),
  ])
  return [
    `One request at a time (${ONE_AT_A_TIME_REQUESTS} per server and row, one kept-alive connection, after 5 unmeasured): latency with no queue in it.`,
    formatGrid(['request', 'server', 'p50 ms', 'p99 ms', 'max ms', 'responses', 'target (reported, not asserted)'], lines, 'llrrrll'),
    ...rows.map((row) => `  ${row.name}: ${row.request}`),
    '  The admin list is signed in, so Folio never caches it: cache on and cache off answer it alike.',
  ].join('\n')
}

const formatStatusCounts = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .map(([status, count]) => `${status}:${count}`)
    .join(' ')

type Report = {
  latencies: LatencyRow[]
  options: Options
  seeded: SeededContent
  results: ScenarioResult[]
  baseline: BaselineResult
  memory: Memory
  elapsedMs: number
}

/** Folio's cache hits against a bare Node server sending the same bytes. */
function platformReport(baseline: BaselineResult): string {
  const ratio = baseline.cached.requestsPerSecond / baseline.bare.requestsPerSecond
  const met = ratio >= TARGET_PLATFORM_RATIO && baseline.cached.p99 <= TARGET_PLATFORM_P99_MS
  const rows = [
    ['bare Node http, same bytes', baseline.bare],
    ['Folio, cache hits', baseline.cached],
  ] as const
  return [
    formatGrid(
      ['post by slug, depth 2 (plain bytes)', 'req/s', 'p50 ms', 'p99 ms', 'responses (status:count)'],
      rows.map(([label, summary]) => [label, summary.requestsPerSecond.toFixed(0), formatMs(summary.p50), formatMs(summary.p99), formatStatuses(summary)]),
      'lrrrl',
    ),
    `${Math.round(baseline.bytes).toLocaleString('en')} bytes per answer. Target (reported, not asserted): cache hits >= ${TARGET_PLATFORM_RATIO}x the bare server with p99 <= ${TARGET_PLATFORM_P99_MS} ms: ` +
      `${formatRatio(ratio)}, p99 ${formatMs(baseline.cached.p99)} ms, ${met && !hasFailures(baseline.cached) ? 'met' : 'not met'}`,
  ].join('\n')
}

function report({ options, seeded, results, memory, baseline, latencies, elapsedMs }: Report): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  const notes = results.flatMap((result) => result.scenario.notes.map((note) => `  ${result.scenario.name}: ${note}`))
  const cpuCaveats = caveats(results)
  return [
    `Folio read benchmark: ${seeded.slugs.length} published posts; each row ${options.rounds} x ${options.duration} s at ${options.connections} connections ` +
      `after each request was sent once and a ${options.warmup} s warm-up, the servers taking turns round by round (${TARGETS.map((target) => TARGET_LABELS[target]).join(' -> ')})`,
    '',
    resultsTable(results),
    '',
    'stock Payload: `next start` on the same build, payload.config.ts and database (Payload\'s own REST and GraphQL route handlers).',
    'Folio: node dist/server.js (API only); cache off = a second Folio process with FOLIO_CACHE=false. Anonymous requests only.',
    `post by slug: ${Math.min(SLUGS_IN_TURN, seeded.slugs.length)} slugs in turn, /api/posts?where[slug][equals]=<slug>&depth=2&limit=1. list: ${LIST_PATH}.`,
    'GraphQL query: stock Payload\'s GraphQL route accepts POST only, so stock gets the query by POST and Folio by GET',
    '  (/api/graphql?query=…), which Folio\'s cache may keep; the POST row sends the same POST to all three (POST is never cached).',
    `  Query: ${GRAPHQL_QUERY}`,
    '304 revalidation: the post-by-slug requests with If-None-Match set to the ETag each server sent for that URL.',
    'req/s counts every response, whatever its status; p50/p99 are over every response of all rounds, measured by autocannon',
    '  in this process (closed loop: each connection sends its next request when the previous answer arrived).',
    'Folio/stock: req/s of that row divided by stock Payload\'s. responses: counts per HTTP status; "!" marks rows with',
    '  statuses other than 2xx and 304, connection errors or timeouts.',
    'CPU % srv/db/gen: CPU time during the runs as a share of one core, of the server\'s processes, of the database (the local database, Java)',
    `  and of this process, which runs autocannon (${os.cpus().length} cores in all). After every run the benchmark waits until all servers`,
    '  and the database are idle, so work left over from one server\'s run does not slow down the next.',
    'Checks before the runs (answers compared with each server\'s own address replaced: media URLs contain it, so',
    '  ETags differ between servers for the same content):',
    ...notes,
    ...(cpuCaveats.length > 0 ? ['', ...cpuCaveats] : []),
    '',
    memoryTable(memory),
    'before load: all servers started and seeding done (Folio, cache on, did the seeding); peak: VmHWM, since the process started.',
    '',
    targetsReport(results),
    '',
    latencyReport(latencies),
    '',
    platformReport(baseline),
    '',
    `Seeded ${seeded.slugs.length} posts, ${seeded.images} images (generated PNGs, shared), ${seeded.categories} categories and ${seeded.authors} authors ` +
      `in ${seconds(seeded.totalMs)} (posts: ${seconds(seeded.postsMs)}, ${(seeded.slugs.length / (seeded.postsMs / 1000)).toFixed(1)} posts/s): ` +
      `${seeded.createdThroughApi} posts through Folio's REST API at concurrency ${SEED_CONCURRENCY} (every write runs the slug, search, audit-log and version hooks), ` +
      `the other ${seeded.slugs.length - seeded.createdThroughApi} copied from them in the database with their versions, search entries and audit entries.`,
    `Local database (mongo-java-server, ${options.backend === 'memory' ? 'in memory' : 'H2 file, durable'}), ${os.cpus().length} cores, Node ${process.version}. Total time ${seconds(elapsedMs)}.`,
  ].join('\n')
}

const snapshot = (servers: Servers): Record<Target, ProcessInfo[]> => ({
  stock: servers.stock.processes(),
  cached: servers.cached.processes(),
  uncached: servers.uncached.processes(),
})

/** Asks `server` how many posts it sees: all three must be on the same database. */
async function expectPostCount(server: Server, label: string, expected: number): Promise<void> {
  const response = await fetch(`${server.url}/api/posts?limit=1&depth=0`)
  const body = (await response.json()) as { totalDocs?: number }
  if (response.status !== 200 || body.totalDocs !== expected) {
    throw new Error(`${label} answered ${response.status} with ${body.totalDocs} posts, expected ${expected}: is it on another database?`)
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  const startedAt = performance.now()
  // The local database, dist/ and .next/ are found relative to the project folder.
  process.chdir(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'))
  ensureBuilds(options)

  const cleanups: Cleanup[] = []
  try {
    const dataDir = makeTempDir('folio-bench-db-', cleanups)
    const mediaDir = makeTempDir('folio-bench-media-', cleanups)
    progress('starting the local database')
    const database = await startLocalDatabase({ dataDir, memory: options.backend === 'memory', log: progress })
    cleanups.push(() => database.stop())
    const databaseUri = withDatabaseName(database.uri, `folio_bench_${randomBytes(4).toString('hex')}`)
    // One secret for all three, as for several instances of one site.
    const secret = randomBytes(32).toString('hex')

    progress('starting Folio with its cache on (node dist/server.js, FOLIO_ADMIN=false)')
    const nodeArgs = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []
    const cached = await startFolio({ databaseUri, mediaDir, secret, env: { FOLIO_CACHE: 'true' }, nodeArgs })
    cleanups.push(() => cached.stop())
    progress(`Folio (cache on) ready at ${cached.url} (pid ${cached.pid})`)

    const adminToken = await signInFirstAdminToken(cached.url)
    const api = createApi(cached.url, adminToken)
    progress(`seeding ${options.posts} posts: up to ${TEMPLATES} through Folio's REST API at concurrency ${SEED_CONCURRENCY}, the rest copied from them in the database`)
    const seeded = await seedContent(api, { posts: options.posts, concurrency: SEED_CONCURRENCY, log: progress, databaseUri })
    progress(`seeded in ${(seeded.totalMs / 1000).toFixed(1)} s`)
    if (options.platformOnly) {
      progress('platform baseline only: Folio\'s cache hits against a bare Node server sending the same bytes')
      const postRequests = pickSlugs(seeded.slugs, SLUGS_IN_TURN).map((slug): LoadRequest => ({ method: 'GET', path: postPath(slug) }))
      process.stdout.write(`${platformReport(await measureAgainstPlatform(cached.url, postRequests, options, progress))}\n`)
      return
    }

    progress('starting Folio with FOLIO_CACHE=false and stock Payload (next start)')
    // Started side by side; each is stopped at the end even when the other failed to start.
    const [uncachedStart, stockStart] = await Promise.allSettled([
      startFolio({ databaseUri, mediaDir, secret, env: { FOLIO_CACHE: 'false' } }),
      startStock({ databaseUri, mediaDir, secret }),
    ])
    for (const started of [uncachedStart, stockStart]) if (started.status === 'fulfilled') cleanups.push(started.value.stop)
    if (uncachedStart.status === 'rejected') throw uncachedStart.reason
    if (stockStart.status === 'rejected') throw stockStart.reason
    const uncached = uncachedStart.value
    const stock = stockStart.value
    progress(`Folio (cache off) ready at ${uncached.url} (pid ${uncached.pid}); stock Payload ready at ${stock.url} (pid ${stock.pid})`)
    const servers: Servers = { stock, cached, uncached }
    for (const target of TARGETS) await expectPostCount(servers[target], TARGET_LABELS[target], options.posts)

    const scenarios = await buildScenarios(servers, seeded)
    const perScenario = TARGETS.length * (options.warmup + options.rounds * options.duration)
    progress(`running ${scenarios.length} scenarios: at least ${Math.ceil((scenarios.length * perScenario) / 60)} min of load`)
    const before = snapshot(servers)
    const databaseBefore = readProcessTree(database.pid)
    const results: ScenarioResult[] = []
    for (const scenario of scenarios) results.push(await runScenario(scenario, servers, options))
    const memory = { before, after: snapshot(servers), database: { before: databaseBefore, after: readProcessTree(database.pid) } }
    progress('one request at a time: post by slug and the admin\'s list of posts')
    const latencies = await measureLatencies(servers, seeded, adminToken)
    progress('platform baseline: Folio\'s cache hits against a bare Node server sending the same bytes')
    const postRequests = pickSlugs(seeded.slugs, SLUGS_IN_TURN).map((slug): LoadRequest => ({ method: 'GET', path: postPath(slug) }))
    const baseline = await measureAgainstPlatform(cached.url, postRequests, options, progress)

    process.stdout.write(`${report({ options, seeded, results, memory, baseline, latencies, elapsedMs: performance.now() - startedAt })}\n`)
  } finally {
    progress('cleaning up')
    await cleanUp(cleanups, progress)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
