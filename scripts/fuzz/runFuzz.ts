import { causeFromLog } from './causeFromLog'
import { encodeRequest } from './encodeRequest'
import { runRequests, summariseAnswer, type Restart, type RunOutcome, type Signature } from './runner'
import { createCredentials, seedTargets } from './seedTargets'
import { sendRequest } from './sendRequest'
import type { FuzzCredentials, FuzzTargets } from './types'

export type RunFuzzOptions = {
  /** Folio's address, e.g. http://127.0.0.1:3000. */
  baseUrl: string
  requests?: number
  seed?: number
  concurrency?: number
  /** Accounts to send requests as. Absent: the first user is registered as admin (an empty database) or `admin` signs in. */
  credentials?: FuzzCredentials
  admin?: { email: string; password: string }
  /** Client-side timeout per request; no answer within it is a hang. */
  timeoutMs?: number
  /** GET /healthz after every this many requests. */
  healthEvery?: number
  /** Start at this request index (to replay a slice of a run with the same seed). */
  from?: number
  log?: (message: string) => void
  /**
   * The server's output so far, when the caller started it (best with LOG_FORMAT=json): each
   * failure is then sent once more on its own and what the server logged is kept as its cause.
   */
  serverOutput?: () => string
  isServerAlive?: () => boolean
  /** Given by a caller that owns the server: a crash then restarts it, finds the crashing request, and (keepGoing) goes on. */
  restart?: Restart
}

export type FuzzResult = RunOutcome & {
  /** Failed requests (a request failing two ways counts once). */
  failures: number
  requested: number
  seed: number
  concurrency: number
  timeoutMs: number
  healthEvery: number
  credentials: FuzzCredentials
  targets: FuzzTargets
}

export const FUZZ_DEFAULTS = { requests: 1500, seed: 1, concurrency: 8, timeoutMs: 15_000, healthEvery: 250 }

/** How long a replay waits for the server to log an error, polling every REPLAY_POLL_MS. */
const REPLAY_LOG_WAIT_MS = 2000
const REPLAY_POLL_MS = 50
const MAX_REPLAYS = 200
/**
 * The text `after` has beyond `before`, both tails of one growing log kept at a fixed length:
 * `after` starts with the part of `before` that is still kept, then the new text.
 */
function appended(before: string, after: string): string {
  for (let dropped = 0; dropped < before.length; dropped++) {
    if (after.startsWith(before.slice(dropped))) return after.slice(before.length - dropped)
  }
  return after
}

/** Sends each failure's example once more, alone, and keeps what the server logged for it. */
async function replayFailures(signatures: Signature[], baseUrl: string, timeoutMs: number, serverOutput: () => string, log: (message: string) => void): Promise<void> {
  const { hostname, port } = new URL(baseUrl)
  const replayable = signatures.filter((signature) => signature.label !== 'HANG' && signature.label !== 'CRASH').slice(0, MAX_REPLAYS)
  log(`replaying ${replayable.length} failure examples one at a time to read what the server logged`)
  for (const signature of replayable) {
    const request = signature.example.request
    const target = typeof request.target === 'string' ? request.target : request.target.toString('latin1')
    let snapshot = serverOutput()
    let logged = ''
    const answer = await sendRequest({ host: hostname, port: Number(port), plan: encodeRequest(request, `${hostname}:${port}`), isHead: request.method === 'HEAD', timeoutMs })
    signature.replayed = summariseAnswer(answer)
    // The log is written asynchronously and kept as a short tail: follow it for a little while.
    for (let waited = 0; waited <= REPLAY_LOG_WAIT_MS && !signature.cause; waited += REPLAY_POLL_MS) {
      await new Promise((resolve) => setTimeout(resolve, REPLAY_POLL_MS))
      const now = serverOutput()
      logged += appended(snapshot, now)
      snapshot = now
      signature.cause = causeFromLog(logged, target)
    }
  }
}

/**
 * Sends `requests` hostile requests to a running Folio and judges every answer. Seeds its own
 * content first (and its own accounts, unless given), so it needs an admin: an empty database
 * or `admin`/`credentials`. Resolves with counts per family and every failure signature with an
 * example; never throws for a failure of the server, only when it cannot set up.
 */
export async function runFuzz(options: RunFuzzOptions): Promise<FuzzResult> {
  const log = options.log ?? (() => undefined)
  const requests = options.requests ?? FUZZ_DEFAULTS.requests
  const seed = options.seed ?? FUZZ_DEFAULTS.seed
  const concurrency = options.concurrency ?? FUZZ_DEFAULTS.concurrency
  const timeoutMs = options.timeoutMs ?? FUZZ_DEFAULTS.timeoutMs
  const healthEvery = options.healthEvery ?? FUZZ_DEFAULTS.healthEvery
  const baseUrl = options.baseUrl.replace(/\/$/, '')

  const credentials = options.credentials ?? (await createCredentials(baseUrl, options.admin))
  const targets = await seedTargets(baseUrl, credentials, log)
  const outcome = await runRequests({
    baseUrl,
    requests,
    seed,
    concurrency,
    timeoutMs,
    healthEvery,
    from: options.from,
    targets,
    credentials,
    log,
    isServerAlive: options.isServerAlive,
    restart: options.restart,
  })
  if (options.serverOutput && !outcome.crashed && outcome.signatures.length > 0) {
    await replayFailures(outcome.signatures, outcome.baseUrl, timeoutMs, options.serverOutput, log)
  }
  const failures = Object.values(outcome.counts).reduce((sum, row) => sum + row.failed, 0) + outcome.crashes.length
  return { ...outcome, failures, requested: requests, seed, concurrency, timeoutMs, healthEvery, credentials, targets }
}
