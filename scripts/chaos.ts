// Chaos run: writers creating, updating and publishing posts against the compiled server (which
// starts its own local database on a file, as `npm start` does), with a webhook endpoint
// subscribed; SIGKILL of the whole process group at a random moment; restart; 20 cycles by
// default. Prints a table per cycle and exits 1 on any lost write, disagreement of the search index
// or audit log with the posts, undelivered or re-identified event, or process left behind.
//
//   npm run chaos -- [--cycles 20] [--writers 4] [--min-kill-ms 1500] [--max-kill-ms 6000]
import { formatGrid } from './bench/stats'
import { runChaos, type ChaosOptions } from './chaos/runChaos'

const USAGE = 'usage: npm run chaos -- [--cycles N] [--writers N] [--min-kill-ms N] [--max-kill-ms N]'
const FLAGS = { '--cycles': 'cycles', '--writers': 'writers', '--min-kill-ms': 'minKillMs', '--max-kill-ms': 'maxKillMs' } as const

function parseOptions(args: string[]): Omit<ChaosOptions, 'log'> {
  const options = { cycles: 20, writers: 4, minKillMs: 1500, maxKillMs: 6000 }
  for (let i = 0; i < args.length; i++) {
    const name = FLAGS[args[i] as keyof typeof FLAGS]
    const value = Number(args[i + 1])
    if (!name || !Number.isInteger(value) || value < 1) throw new Error(`bad argument ${args[i]}\n${USAGE}`)
    options[name] = value
    i++
  }
  if (options.writers < 4) throw new Error('--writers must be at least 4')
  return options
}

const options = parseOptions(process.argv.slice(2))
const started = Date.now()
const { cycles, failures } = await runChaos({ ...options, log: (message) => process.stderr.write(`[chaos] ${message}\n`) })
console.log(`\nChaos: ${options.cycles} SIGKILLs of the whole process group, ${options.writers} writers, ${Math.round((Date.now() - started) / 1000)} s\n`)
console.log(
  formatGrid(
    ['cycle', 'killed at ms', 'acked writes', 'found', 'published', 'search off', 'audit missing', 'events acked', 'delivered', 'two ids', 'restart ms', 'left'],
    cycles.map((c) => [c.cycle, c.killedAfterMs, c.acknowledgedWrites, c.writesFound, c.publishedPosts, c.searchMismatches, c.auditMissing, c.eventsAcknowledged, c.eventsDelivered, c.eventsWithSeveralIds, c.restartMs, c.processesLeft].map(String)),
    'rrrrrrrrrrrr',
  ),
)
const restarts = cycles.map((c) => c.restartMs).sort((a, b) => a - b)
if (restarts.length) console.log(`\nrestart to ready: median ${restarts[Math.floor(restarts.length / 2)]} ms, max ${restarts.at(-1)} ms`)
for (const failure of failures) console.log(`FAIL ${failure}`)
console.log(failures.length ? `\n${failures.length} failures` : '\nno acknowledged write, index entry, audit entry or event lost; no process left behind')
process.exit(failures.length ? 1 : 0)
