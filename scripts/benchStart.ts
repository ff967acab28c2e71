// Measures a warm `npm start`: the compiled server (admin included) starting its own local database
// on an H2 file that already holds N posts, from spawn to GET /readyz 200, and what the database
// process then holds in memory. The posts are seeded once, first (as `npm run bench` seeds them).
//
//   npm run bench:start -- [--posts 10000] [--runs 3]
import { startLocalDatabase } from '@/db/localDatabase'

import { cleanUp, makeTempDir, type Cleanup } from './bench/cleanup'
import { ensureServerBuild, signInFirstAdmin, startFolio } from './bench/folio'
import { seedContent } from './bench/seed'
import { formatGrid } from './bench/stats'

type Options = { posts: number; runs: number }

const USAGE = 'usage: npm run bench:start -- [--posts N] [--runs N]'
/** The target for a warm start with 10,000 posts. */
const TARGET_MS = 10_000
const MIB = 1024 * 1024

const progress = (message: string) => console.error(`[bench:start] ${message}`)

function parseOptions(args: string[]): Options {
  const options: Options = { posts: 10_000, runs: 3 }
  for (let index = 0; index < args.length; index += 2) {
    const [flag, raw] = [args[index], args[index + 1]]
    const key = ({ '--posts': 'posts', '--runs': 'runs' } as const)[flag as '--posts' | '--runs']
    const value = Number(raw)
    if (!key || !Number.isInteger(value) || value < 1) throw new Error(`${flag} ${raw ?? ''}: not understood\n${USAGE}`)
    options[key] = value
  }
  return options
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  const cleanups: Cleanup[] = []
  try {
    ensureServerBuild(progress)
    const dir = makeTempDir('folio-bench-start-', cleanups)
    const [dbDir, mediaDir] = [`${dir}/db`, `${dir}/media`]
    const secret = 'bench-start-secret-0123456789abcdef0123456789'

    progress(`seeding ${options.posts} posts into an H2 file`)
    const database = await startLocalDatabase({ dataDir: dbDir, log: progress })
    cleanups.push(() => database.stop())
    const seeder = await startFolio({ databaseUri: database.uri, mediaDir, secret })
    cleanups.push(() => seeder.stop())
    await seedContent(await signInFirstAdmin(seeder.url), { posts: options.posts, concurrency: 4, log: progress, databaseUri: database.uri })
    await seeder.stop()
    await database.stop()

    const lines: string[][] = []
    for (let run = 1; run <= options.runs; run++) {
      progress(`warm start ${run}/${options.runs}`)
      const started = performance.now()
      const server = await startFolio({ mediaDir, secret, args: ['--seed-demo'], env: { FOLIO_ADMIN: 'true', LOCAL_DB_DIR: dbDir } })
      const readyMs = performance.now() - started
      const java = server.processes().find((info) => info.command.startsWith('java'))
      lines.push([String(run), (readyMs / 1000).toFixed(1), (TARGET_MS / 1000).toFixed(1), (readyMs / TARGET_MS).toFixed(2), java ? String(Math.round(java.rssBytes / MIB)) : '?'])
      await server.stop()
    }
    console.log(`\nWarm start with ${options.posts} posts in the local database's H2 file (admin included, as npm start):\n`)
    console.log(formatGrid(['run', 'ready (s)', 'target (s)', 'ready/target', 'database RSS (MiB)'], lines, 'rrrrr'))
  } finally {
    await cleanUp(cleanups, progress)
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
