import { crashCause } from './causeFromLog'
import { encodeRequest } from './encodeRequest'
import { generateRequest } from './generators'
import { COLLECTIONS } from './generators/shared'
import { judgeAnswer, normaliseMessage } from './judgeAnswer'
import { refreshCredentials } from './seedTargets'
import { sendRequest } from './sendRequest'
import type { Answer, Category, FuzzCredentials, FuzzRequest, FuzzTargets, Verdict } from './types'
import { CATEGORIES } from './types'

/** One row of the summary table. */
export type CategoryCounts = { sent: number; client: number; ok: number; server: number; hangs: number; noAnswer: number; leaks: number; failed: number }

/** What an example answer looked like, kept with its signature. */
export type AnswerSummary = { outcome: Answer['outcome']; status?: number; ms: number; contentType?: string; body: string; truncated?: boolean; error?: string }

/** One kind of failure: the same status and message, from the same generator and endpoint. */
export type Signature = {
  key: string
  label: string
  category: Category
  generator: string
  endpoint: string
  message: string
  details: string[]
  count: number
  /** The smallest request that showed it, and what came back. */
  example: { index: number; request: FuzzRequest; answer: AnswerSummary }
  /** Filled by the replay, when the server's log is at hand: what the server logged for the example. */
  cause?: string
  replayed?: AnswerSummary
}

export type Accepted = { generator: string; endpoint: string; count: number; example: { index: number; request: FuzzRequest; answer: AnswerSummary } }

export type RunOutcome = {
  counts: Record<Category, CategoryCounts>
  signatures: Signature[]
  accepted: Accepted[]
  sent: number
  /** Set when a crash (or an account that can no longer sign in) ended the run early. */
  crashed?: Crash
  crashes: Crash[]
  /** Requests refused because the server was down (after a crash). */
  lostToCrashes: number
  /** The server's address at the end (a restart moves it). */
  baseUrl: string
  credentialRefreshes: string[]
  /** Requests the fuzzer failed to generate (its own bugs), not sent. */
  generatorErrors: string[]
  elapsedMs: number
  latency: { p50: number; p99: number; max: number }
}

export type RunnerOptions = {
  baseUrl: string
  requests: number
  seed: number
  concurrency: number
  timeoutMs: number
  /** GET /healthz after every this many requests; a failure stops the run (a crash). */
  healthEvery: number
  /** Index of the first request (to replay a slice of a run). */
  from?: number
  targets: FuzzTargets
  credentials: FuzzCredentials
  log: (message: string) => void
  /** Whether the server process still runs, when the caller started it. */
  isServerAlive?: () => boolean
}

const emptyCounts = (): CategoryCounts => ({ sent: 0, client: 0, ok: 0, server: 0, hangs: 0, noAnswer: 0, leaks: 0, failed: 0 })

const requestSize = (request: FuzzRequest) => (request.raw ? request.raw.bytes.length : (request.body?.length ?? 0) + String(request.target).length)

/** Path segments that name routes; any other segment is an id (or garbage in an id's place). */
const ROUTE_WORDS = new Set([
  ...COLLECTIONS, 'api', 'globals', 'site-settings', 'versions', 'count', 'access', 'duplicate', 'schedule', 'token', 'resend', 'resend-failed', 'secret',
  'rotate-secret', 'test', 'summary', 'file', 'query', 'reindex', 'lookup', 'follow', 'login', 'logout', 'me', 'refresh-token', 'forgot-password',
  'reset-password', 'unlock', 'verify', 'first-register', 'init', 'api-key', 'reveal', 'run', 'handle-schedules', 'graphql', 'graphql-playground',
  'healthz', 'readyz', 'admin',
])

/** `/api/posts/<id>?…` → `/api/posts/:id`: requests to one endpoint share a signature. */
export function endpointOf(request: FuzzRequest): string {
  if (request.raw && request.method === 'RAW') return '(raw bytes)'
  const target = typeof request.target === 'string' ? request.target : request.target.toString('latin1')
  let path = target
    .split('?')[0]
    .split('#')[0]
    .split('/')
    .map((segment, index, all) => {
      if (index === 0 || segment === '' || ROUTE_WORDS.has(segment)) return segment
      return all[index - 1] === 'file' ? ':file' : ':id'
    })
    .join('/')
  if (path.length > 60) path = `${path.slice(0, 57)}…`
  return `${request.method.length > 12 ? `${request.method.slice(0, 12)}…` : request.method} ${path || '/'}`
}

export function summariseAnswer(answer: Answer): AnswerSummary {
  return {
    outcome: answer.outcome,
    status: answer.status,
    ms: answer.ms,
    contentType: answer.headers?.['content-type'],
    body: (answer.body?.toString('utf8') ?? '').slice(0, 600),
    truncated: answer.truncated,
    error: answer.error,
  }
}

const LABELS: Record<Verdict['failures'][number]['kind'], (answer: Answer) => string> = {
  '5xx': (answer) => String(answer.status),
  hang: () => 'HANG',
  reset: () => 'NO ANSWER',
  truncated: (answer) => `${answer.status} CUT OFF`,
  leak: (answer) => `${answer.status ?? '-'} LEAK`,
}

async function checkHealth(baseUrl: string): Promise<string | undefined> {
  const { hostname, port } = new URL(baseUrl)
  const plan = { bytes: Buffer.from(`GET /healthz HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`), after: 'hold' as const }
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = await sendRequest({ host: hostname, port: Number(port), plan, isHead: false, timeoutMs: 5000 })
    if (answer.outcome === 'answered' && answer.status === 200) return undefined
    if (attempt === 2) return answer.outcome === 'answered' ? `GET /healthz answered ${answer.status}` : `GET /healthz: ${answer.outcome}`
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  return undefined
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]
}

/** A crash: the server stopped answering GET /healthz (or its process exited) after a batch. */
export type Crash = {
  afterRequest: number
  reason: string
  /** The batch the crash happened in. */
  batch: [number, number]
  /** The server's last output before it died. */
  output?: string
  /** Set when the caller killed the server (its memory watchdog), with why. */
  killedBecause?: string
  /** The request that crashed the server on its own, when replaying the batch one by one found it. */
  culprit?: { index: number; request: FuzzRequest }
}

/** What a caller that owns the server provides, so that a crash does not end the run. */
export type Restart = {
  /** Starts the server again (same database and secret): resolves with its address. */
  restart: () => Promise<string>
  /** The output of the server currently running. */
  serverOutput: () => string
  /** Go on with the run after a crash (otherwise the run stops once the crashing request is found). */
  keepGoing: boolean
  /** Resolves once the server has finished the work a request left behind (used while looking for the crashing request). */
  settle?: () => Promise<void>
  /** Why the server died, when the caller knows (e.g. its memory watchdog killed it); cleared by reading. */
  takeDeathNote?: () => string | undefined
}

/**
 * Sends `requests` generated requests at `concurrency`, each with its own connection and a
 * client-side timeout, in batches of `healthEvery` with GET /healthz between them. Keeps counts
 * per family and, for each failure signature, its count and smallest example.
 *
 * A crash stops the run, unless `restart` is given: the server is then started again, the batch
 * replayed one request at a time (with a health check after each) to find the request that
 * crashes it, and the run goes on.
 */
export async function runRequests(options: RunnerOptions & { restart?: Restart }): Promise<RunOutcome> {
  const { requests, seed, concurrency, timeoutMs, healthEvery, targets, credentials, log } = options
  let baseUrl = options.baseUrl
  const from = options.from ?? 0
  const counts = Object.fromEntries(CATEGORIES.map((category) => [category, emptyCounts()])) as Record<Category, CategoryCounts>
  const signatures = new Map<string, Signature>()
  const accepted = new Map<string, Accepted>()
  const durations: number[] = []
  const credentialRefreshes: string[] = []
  const generatorErrors: string[] = []
  const crashes: Crash[] = []
  const startedAt = performance.now()
  let sent = 0
  let lostToCrashes = 0
  let crashed: RunOutcome['crashed']

  const addSignature = (key: string, make: () => Signature, index: number, request: FuzzRequest, answer: AnswerSummary, detail: string) => {
    const existing = signatures.get(key)
    if (!existing) {
      signatures.set(key, make())
      return
    }
    existing.count += 1
    if (existing.details.length < 3 && !existing.details.includes(detail)) existing.details.push(detail)
    if (requestSize(request) < requestSize(existing.example.request)) existing.example = { index, request, answer }
  }

  const record = (index: number, request: FuzzRequest, answer: Answer, verdict: Verdict) => {
    const row = counts[request.category]
    row.sent += 1
    const status = answer.status ?? 0
    if (answer.outcome === 'timeout') row.hangs += 1
    else if (answer.outcome !== 'answered') row.noAnswer += 1
    else if (status >= 500) row.server += 1
    else if (status >= 400) row.client += 1
    else row.ok += 1
    if (verdict.leaks.length) row.leaks += 1
    durations.push(answer.ms)
    // Refused connections mean the server is down: those requests are lost to a crash, reported as the crash.
    if (answer.error === 'ECONNREFUSED') {
      lostToCrashes += 1
      return
    }
    if (verdict.failures.length) row.failed += 1
    const endpoint = endpointOf(request)
    const summary = summariseAnswer(answer)
    for (const failure of verdict.failures) {
      const label = LABELS[failure.kind](answer)
      // A leak is named by what leaked: the first error's message may be another one's.
      const message = failure.kind === 'leak' ? normaliseMessage(verdict.leaks.join('; ')) : verdict.message
      const key = `${label} | ${request.generator} | ${endpoint} | ${message}`
      const make = (): Signature => ({ key, label, category: request.category, generator: request.generator, endpoint, message, details: [failure.detail], count: 1, example: { index, request, answer: summary } })
      addSignature(key, make, index, request, summary, failure.detail)
    }
    if (verdict.acceptedInvalid) {
      const key = `${request.generator} | ${endpoint}`
      const existing = accepted.get(key)
      if (!existing) accepted.set(key, { generator: request.generator, endpoint, count: 1, example: { index, request, answer: summary } })
      else {
        existing.count += 1
        if (requestSize(request) < requestSize(existing.example.request)) existing.example = { index, request, answer: summary }
      }
    }
  }

  type Result = { index: number; request: FuzzRequest; answer: Answer }

  /** Sends requests batchStart..batchEnd-1; their answers are judged once the health check after the batch says whether the server died. */
  const runBatch = async (batchStart: number, batchEnd: number, width: number): Promise<Result[]> => {
    const { hostname, port } = new URL(baseUrl)
    const results: Result[] = []
    let next = batchStart
    const worker = async () => {
      while (next < batchEnd) {
        const index = next++
        let request: FuzzRequest
        try {
          request = generateRequest(seed, index, targets, credentials)
        } catch (error) {
          // A bug of the fuzzer, not of the server: reported, and the run goes on.
          generatorErrors.push(`request ${index}: ${(error as Error).message}`)
          continue
        }
        const answer = await sendRequest({ host: hostname, port: Number(port), plan: encodeRequest(request, `${hostname}:${port}`), isHead: request.method.toUpperCase() === 'HEAD', timeoutMs })
        results.push({ index, request, answer })
        sent += 1
      }
    }
    await Promise.all(Array.from({ length: Math.min(width, batchEnd - batchStart) }, worker))
    return results
  }

  /** Records a batch; when the server died during it, answers cut off by its death are put down to the crash. */
  const recordBatch = (results: Result[], serverDied: boolean) => {
    for (const { index, request, answer } of results) {
      if (serverDied && answer.outcome !== 'answered' && answer.outcome !== 'timeout') answer.error = 'ECONNREFUSED'
      record(index, request, answer, judgeAnswer(request, answer))
    }
  }

  const health = async () => (options.isServerAlive && !options.isServerAlive() ? 'the server process exited' : await checkHealth(baseUrl))

  /** Replays a batch one request at a time until the server dies again: that request crashes it on its own. */
  const findCulprit = async (crash: Crash, restart: Restart) => {
    log(`replaying requests ${crash.batch[0]}–${crash.batch[1]} one at a time to find the one that crashes the server`)
    const candidates: { index: number; request: FuzzRequest }[] = []
    for (let index = crash.batch[0]; index <= crash.batch[1]; index++) {
      try {
        candidates.push({ index, request: generateRequest(seed, index, targets, credentials) })
      } catch {
        // Not generated in the run either.
      }
    }
    // Requests like an earlier culprit (same generator and endpoint) first: the same crash is found at once.
    const known = new Set(crashes.flatMap((earlier) => (earlier.culprit ? [`${earlier.culprit.request.generator} ${endpointOf(earlier.culprit.request)}`] : [])))
    candidates.sort((a, b) => Number(known.has(`${b.request.generator} ${endpointOf(b.request)}`)) - Number(known.has(`${a.request.generator} ${endpointOf(a.request)}`)))
    for (const { index, request } of candidates) {
      const { hostname, port } = new URL(baseUrl)
      await sendRequest({ host: hostname, port: Number(port), plan: encodeRequest(request, `${hostname}:${port}`), isHead: request.method.toUpperCase() === 'HEAD', timeoutMs })
      await restart.settle?.()
      const unhealthy = await health()
      if (unhealthy) {
        crash.culprit = { index, request }
        crash.output = restart.serverOutput().slice(-3000)
        crash.killedBecause = restart.takeDeathNote?.() ?? crash.killedBecause
        log(`request ${index} (${request.generator}, ${endpointOf(request)}) crashes the server on its own`)
        baseUrl = await restart.restart()
        return
      }
    }
    log('no single request of the batch crashes the server on its own: the crash needs them together')
  }

  for (let batchStart = from; batchStart < from + requests && !crashed; batchStart += healthEvery) {
    const batchEnd = Math.min(from + requests, batchStart + healthEvery)
    const results = await runBatch(batchStart, batchEnd, concurrency)

    const unhealthy = await health()
    recordBatch(results, Boolean(unhealthy))
    if (unhealthy) {
      const note = options.restart?.takeDeathNote?.()
      const crash: Crash = {
        afterRequest: batchEnd - 1,
        reason: `${unhealthy} after requests ${batchStart}–${batchEnd - 1}`,
        batch: [batchStart, batchEnd - 1],
        output: options.restart?.serverOutput().slice(-3000),
        killedBecause: note,
      }
      crashes.push(crash)
      log(`CRASH: ${crash.reason}`)
      if (!options.restart) {
        crashed = crash
        break
      }
      baseUrl = await options.restart.restart()
      await findCulprit(crash, options.restart)
      if (!options.restart.keepGoing) {
        crashed = crash
        break
      }
      log(`the server was started again at ${baseUrl}; going on`)
    }
    try {
      const refreshed = await refreshCredentials(baseUrl, credentials, targets)
      if (refreshed.length) credentialRefreshes.push(`after request ${batchEnd - 1}: ${refreshed.join(', ')} signed in again`)
    } catch (error) {
      crashed = { afterRequest: batchEnd - 1, reason: (error as Error).message, batch: [batchStart, batchEnd - 1] }
      log(`stopping: ${crashed.reason}`)
      break
    }
    const failures = Object.values(counts).reduce((sum, row) => sum + row.failed, 0)
    const seconds = (performance.now() - startedAt) / 1000
    log(`${batchEnd - from}/${requests} requests, ${failures} failed, ${signatures.size} signatures, ${crashes.length} crashes, ${(sent / seconds).toFixed(1)} req/s`)
  }

  for (const crash of crashes) {
    const request = crash.culprit?.request
    const endpoint = request ? endpointOf(request) : '(a batch of requests together)'
    const generator = request?.generator ?? 'several'
    const key = `CRASH | ${generator} | ${endpoint}`
    const detail = crash.killedBecause ? `${crash.reason} (${crash.killedBecause})` : crash.reason
    const index = crash.culprit?.index ?? crash.batch[0]
    const answer: AnswerSummary = { outcome: 'closed', ms: 0, body: crash.output ?? '' }
    const example = request ?? generateRequest(seed, crash.batch[0], targets, credentials)
    addSignature(
      key,
      () => ({
        key,
        label: 'CRASH',
        category: example.category,
        generator,
        endpoint,
        message: crash.culprit ? 'the server process died' : `the server died during requests ${crash.batch[0]}–${crash.batch[1]}`,
        details: [detail],
        count: 1,
        example: { index, request: example, answer },
        cause: `server died${crash.killedBecause ? ` (${crash.killedBecause})` : ''}; its last error: ${crashCause(crash.output ?? '')}`,
      }),
      index,
      example,
      answer,
      detail,
    )
  }

  durations.sort((a, b) => a - b)
  return {
    counts,
    signatures: [...signatures.values()].sort((a, b) => (a.label === 'CRASH' ? -1 : b.label === 'CRASH' ? 1 : b.count - a.count)),
    accepted: [...accepted.values()].sort((a, b) => b.count - a.count),
    sent,
    crashed,
    crashes,
    lostToCrashes,
    baseUrl,
    credentialRefreshes,
    generatorErrors,
    elapsedMs: Math.round(performance.now() - startedAt),
    latency: { p50: percentile(durations, 50), p99: percentile(durations, 99), max: durations[durations.length - 1] ?? 0 },
  }
}
