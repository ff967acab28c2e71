// Sends thousands of generated hostile requests (REST, GraphQL, uploads, auth, encodings, type
// confusion, where operators, odd methods, raw sockets) to the compiled server on a throwaway
// database, with GET /healthz between batches. Fails (exit 1) on any 5xx, hang, connection dropped
// without an answer, crash, or a body leaking a stack trace, a path or a library error.
//
//   node_modules/.bin/tsx --conditions=production scripts/fuzz.ts [--requests 10000] [--seed N] [--concurrency 8]
//     [--timeout SECONDS] [--health-every N] [--from INDEX] [--report test-results/fuzz.json] [--keep-going]
//
// A crash (GET /healthz failing, or the server's memory passing --max-rss-mb, 3072 by default,
// when the fuzzer kills it before it takes the machine down) restarts the server to find the
// request that crashes it on its own, then ends the run; with --keep-going the run goes on.
// The server runs with RATE_LIMITS=false unless --rate-limits is given.
// MONGODB_URI set: a fresh database on that server; otherwise a local database in a temporary folder.
import { randomBytes } from 'node:crypto'

import { startLocalDatabase } from '@/db/localDatabase'
import { withDatabaseName } from '@/lib/withDatabaseName'
import { cleanUp, makeTempDir, type Cleanup } from './bench/cleanup'
import { ensureServerBuild, startFolio } from './bench/folio'
import { toMiB, totalRss, waitForIdle } from './bench/processes'
import { formatReport, writeJsonReport } from './fuzz/report'
import { FUZZ_DEFAULTS, runFuzz } from './fuzz/runFuzz'

type Options = {
  requests: number
  seed: number
  concurrency: number
  timeout: number
  healthEvery: number
  from: number
  report: string
  keepGoing: boolean
  maxRssMb: number
  rateLimits: boolean
}

const USAGE =
  'usage: scripts/fuzz.ts [--requests N] [--seed N] [--concurrency N] [--timeout SECONDS] [--health-every N] [--from INDEX] [--report FILE] [--keep-going] [--max-rss-mb N] [--rate-limits]'
const NUMBER_FLAGS = {
  '--requests': 'requests',
  '--seed': 'seed',
  '--concurrency': 'concurrency',
  '--timeout': 'timeout',
  '--health-every': 'healthEvery',
  '--from': 'from',
  '--max-rss-mb': 'maxRssMb',
} as const
/** How often the server's memory is looked at. */
const WATCHDOG_INTERVAL_MS = 250
/** Longest wait for the server to finish what a request left running, while looking for the request that crashes it. */
const SETTLE_TIMEOUT_MS = 20_000

const progress = (message: string) => process.stderr.write(`[fuzz] ${message}\n`)

function parseOptions(args: string[]): Options {
  const options: Options = {
    requests: 10_000,
    seed: FUZZ_DEFAULTS.seed,
    concurrency: FUZZ_DEFAULTS.concurrency,
    timeout: FUZZ_DEFAULTS.timeoutMs / 1000,
    healthEvery: FUZZ_DEFAULTS.healthEvery,
    from: 0,
    report: 'test-results/fuzz.json',
    keepGoing: false,
    maxRssMb: 3072,
    rateLimits: false,
  }
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2)
    if (flag === '--keep-going' && inline === undefined) {
      options.keepGoing = true
      continue
    }
    if (flag === '--rate-limits' && inline === undefined) {
      options.rateLimits = true
      continue
    }
    const raw = inline ?? args[++i]
    if (flag === '--report') {
      if (!raw) throw new Error(`--report needs a file name\n${USAGE}`)
      options.report = raw
      continue
    }
    if (!(flag in NUMBER_FLAGS)) throw new Error(`unknown argument ${args[i - (inline === undefined ? 1 : 0)]}\n${USAGE}`)
    const key = NUMBER_FLAGS[flag as keyof typeof NUMBER_FLAGS]
    const value = Number(raw)
    const min = key === 'seed' || key === 'from' ? 0 : 1
    if (!Number.isInteger(value) || value < min) throw new Error(`${flag} needs a whole number of at least ${min}, got ${raw}\n${USAGE}`)
    options[key] = value
  }
  return options
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2))
  const cleanups: Cleanup[] = []
  const stop = () => {
    void cleanUp(cleanups, progress).then(() => process.exit(130))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    ensureServerBuild(progress)
    const database = `folio_fuzz_${randomBytes(4).toString('hex')}`
    let databaseUri: string
    if (process.env.MONGODB_URI) {
      databaseUri = withDatabaseName(process.env.MONGODB_URI, database)
      progress(`using the database server in MONGODB_URI (database ${database})`)
    } else {
      const local = await startLocalDatabase({ dataDir: makeTempDir('folio-fuzz-db-', cleanups), database, log: progress })
      cleanups.push(() => local.stop())
      databaseUri = local.uri
      progress('started a throwaway local database')
    }
    const folioOptions = {
      databaseUri,
      mediaDir: makeTempDir('folio-fuzz-media-', cleanups),
      // One secret for every start, so that tokens outlive a restart after a crash.
      secret: randomBytes(32).toString('hex'),
      // JSON logs, so that each failure's replay can read the error the server logged.
      // Rate limits off (unless --rate-limits): thousands of requests from one address would
      // otherwise mostly meet 429s, and the code behind the limits would go untested.
      env: { LOG_FORMAT: 'json', LOG_LEVEL: 'warn', FOLIO_SEED_DEMO: 'false', RATE_LIMITS: options.rateLimits ? 'true' : 'false' },
    }
    let server = await startFolio(folioOptions)
    // The launcher and the app it runs: the server is down when either is gone.
    let processCount = server.processes().length
    cleanups.push(() => server.stop())
    progress(`Folio is up at ${server.url}; seeding, then ${options.requests} requests at concurrency ${options.concurrency}`)
    // A request that makes the server allocate without bound would take the whole machine down:
    // past --max-rss-mb the server is killed, which the run reports as a crash.
    let deathNote: string | undefined
    const watchdog = setInterval(() => {
      const processes = server.processes()
      const rss = totalRss(processes) ?? 0
      if (rss <= options.maxRssMb * 1024 * 1024) return
      deathNote = `killed by the fuzzer: the server's memory reached ${Math.round(toMiB(rss))} MB (limit ${options.maxRssMb} MB, --max-rss-mb)`
      progress(deathNote)
      for (const info of processes) {
        try {
          process.kill(info.pid, 'SIGKILL')
        } catch {
          // Already gone.
        }
      }
    }, WATCHDOG_INTERVAL_MS)
    cleanups.push(() => clearInterval(watchdog))
    const restart = async () => {
      await server.stop()
      server = await startFolio(folioOptions)
      processCount = server.processes().length
      progress(`Folio started again at ${server.url}`)
      return server.url
    }

    const result = await runFuzz({
      baseUrl: server.url,
      requests: options.requests,
      seed: options.seed,
      concurrency: options.concurrency,
      timeoutMs: options.timeout * 1000,
      healthEvery: options.healthEvery,
      from: options.from,
      log: progress,
      serverOutput: () => server.output(),
      isServerAlive: () => server.processes().length >= processCount,
      restart: {
        restart,
        serverOutput: () => server.output(),
        keepGoing: options.keepGoing,
        settle: async () => {
          await waitForIdle(() => server.processes(), SETTLE_TIMEOUT_MS)
        },
        takeDeathNote: () => {
          const note = deathNote
          deathNote = undefined
          return note
        },
      },
    })
    process.stdout.write(`${formatReport(result, server.url)}\n`)
    writeJsonReport(result, server.url, options.report)
    progress(`JSON report: ${options.report}`)
    return result.failures === 0 && !result.crashed ? 0 : 1
  } finally {
    await cleanUp(cleanups, progress)
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    progress(error instanceof Error ? (error.stack ?? error.message) : String(error))
    process.exit(2)
  },
)
