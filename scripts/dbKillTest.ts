// Kills Folio's local database (the durable H2 file backend) with SIGKILL while writers are busy,
// reopens the same file and counts: every acknowledged write must be there. Then measures what
// durability costs: insert latency and throughput (H2 file vs the memory backend), the file size
// after bursts of small writes and after loading 10,000 posts of ~6 KB, the Java process's RSS with
// those posts loaded, and how long reopening that file takes.
//
//   node_modules/.bin/tsx --conditions=production scripts/dbKillTest.ts [--cycles 5] [--writers 8] [--posts 10000] [--no-measure]
//
// Exits 1 when a cycle lost an acknowledged write.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { MongoClient, type Collection, type Db } from 'mongodb'

import { startLocalDatabase, type LocalDatabase, type LocalDatabaseStatus } from '@/db/localDatabase'

type Options = { cycles: number; writers: number; posts: number; measure: boolean; minKillMs: number; maxKillMs: number }

const USAGE =
  'usage: tsx --conditions=production scripts/dbKillTest.ts [--cycles N] [--writers N] [--posts N] [--min-kill-ms N] [--max-kill-ms N] [--no-measure]'

function parseOptions(argv: string[]): Options {
  const options: Options = { cycles: 5, writers: 8, posts: 10_000, measure: true, minKillMs: 500, maxKillMs: 4000 }
  const numbers = { '--cycles': 'cycles', '--writers': 'writers', '--posts': 'posts', '--min-kill-ms': 'minKillMs', '--max-kill-ms': 'maxKillMs' } as const
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    if (flag === '--no-measure') options.measure = false
    else if (flag in numbers) {
      const value = Number(argv[++i])
      if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a whole number\n${USAGE}`)
      options[numbers[flag as keyof typeof numbers]] = value
    } else throw new Error(`unknown argument ${flag}\n${USAGE}`)
  }
  return options
}

const log = (message: string) => console.log(`  [db] ${message}`)

/** Resident memory of a process in MiB, from /proc (Linux). */
function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : undefined
  } catch {
    return undefined
  }
}

function fileMb(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size / (1024 * 1024) : 0
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

function table(rows: (string | number)[][]): string {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US', { maximumFractionDigits: 1 }) : cell)))
  const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => row[column].length)))
  return cells.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')).join('\n')
}

async function connect(db: LocalDatabase, poolSize: number): Promise<MongoClient> {
  // No retries: a write the driver sent twice could hide a lost one.
  return MongoClient.connect(db.uri, { maxPoolSize: poolSize, retryWrites: false, retryReads: false, serverSelectionTimeoutMS: 5000 })
}

type Counter = { _id: string; n: number }

/** What one cycle's writers got acknowledged, and what was in flight when the database died. */
type Ledger = { insertedIds: string[]; inDoubtIds: string[]; counterAcks: Map<string, number>; counterInDoubt: Set<string> }

/**
 * One writer: sequential acknowledged writes in turn (insertOne, updateOne $inc, findOneAndUpdate
 * $inc, insertMany of 5) until the first error, which is the kill.
 */
async function writer(posts: Collection, counters: Collection<Counter>, cycle: number, id: number, ledger: Ledger): Promise<void> {
  const counter = `c${cycle}-w${id}`
  const counter2 = `${counter}-fam`
  ledger.counterAcks.set(counter, 0)
  ledger.counterAcks.set(counter2, 0)
  for (let seq = 0; ; seq++) {
    const op = seq % 4
    const ids = op === 3 ? [0, 1, 2, 3, 4].map((k) => `${counter}-${seq}-${k}`) : [`${counter}-${seq}`]
    try {
      if (op === 0) await posts.insertOne({ _id: ids[0] as never, cycle, writer: id, seq, body: 'x'.repeat(300) })
      else if (op === 1) await counters.updateOne({ _id: counter }, { $inc: { n: 1 } }, { upsert: true })
      else if (op === 2) await counters.findOneAndUpdate({ _id: counter2 }, { $inc: { n: 1 } }, { upsert: true, projection: { n: 1 } })
      else await posts.insertMany(ids.map((_id, k) => ({ _id: _id as never, cycle, writer: id, seq, k, body: 'y'.repeat(300) })))
    } catch {
      if (op === 0 || op === 3) ledger.inDoubtIds.push(...ids)
      else ledger.counterInDoubt.add(op === 1 ? counter : counter2)
      return
    }
    if (op === 0 || op === 3) ledger.insertedIds.push(...ids)
    else {
      const name = op === 1 ? counter : counter2
      ledger.counterAcks.set(name, ledger.counterAcks.get(name)! + 1)
    }
  }
}

type CycleResult = {
  killedAfterMs: number
  ackedInserts: number
  foundInserts: number
  ackedUpdates: number
  foundUpdates: number
  inDoubt: number
  fileMb: number
  reopenMs: number
}

async function killCycle(db: LocalDatabase, cycle: number, options: Options): Promise<{ result: Omit<CycleResult, 'reopenMs'>; ledger: Ledger }> {
  const client = await connect(db, options.writers + 2)
  const database = client.db()
  const ledger: Ledger = { insertedIds: [], inDoubtIds: [], counterAcks: new Map(), counterInDoubt: new Set() }
  const killAfter = options.minKillMs + Math.floor(Math.random() * Math.max(1, options.maxKillMs - options.minKillMs))
  const started = Date.now()
  const writers = Array.from({ length: options.writers }, (_, id) =>
    writer(database.collection('posts'), database.collection<Counter>('counters'), cycle, id, ledger),
  )
  await new Promise((resolve) => setTimeout(resolve, killAfter))
  process.kill(db.pid, 'SIGKILL')
  const killedAfterMs = Date.now() - started
  await Promise.all(writers)
  await client.close(true).catch(() => undefined)
  const ackedUpdates = [...ledger.counterAcks.values()].reduce((sum, n) => sum + n, 0)
  return {
    ledger,
    result: {
      killedAfterMs,
      ackedInserts: ledger.insertedIds.length,
      foundInserts: 0,
      ackedUpdates,
      foundUpdates: 0,
      inDoubt: ledger.inDoubtIds.length + ledger.counterInDoubt.size,
      fileMb: 0,
    },
  }
}

/** Counts, after the restart, the acknowledged inserts present and the acknowledged increments kept. */
async function verify(database: Db, ledger: Ledger): Promise<{ foundInserts: number; foundUpdates: number; problems: string[] }> {
  const problems: string[] = []
  const present = new Set<string>()
  for (let i = 0; i < ledger.insertedIds.length; i += 1000) {
    const batch = ledger.insertedIds.slice(i, i + 1000)
    const docs = await database.collection('posts').find({ _id: { $in: batch as never[] } }, { projection: { _id: 1 } }).toArray()
    for (const doc of docs) present.add(String(doc._id))
  }
  let foundUpdates = 0
  for (const [name, acked] of ledger.counterAcks) {
    const doc = await database.collection<Counter>('counters').findOne({ _id: name })
    const n = doc?.n ?? 0
    // One increment may have been applied without its reply arriving: n is acked or acked + 1.
    const maxExpected = acked + (ledger.counterInDoubt.has(name) ? 1 : 0)
    if (n < acked) problems.push(`${name}: ${acked} increments acknowledged, ${n} found`)
    if (n > maxExpected) problems.push(`${name}: ${n} increments found, at most ${maxExpected} sent`)
    foundUpdates += Math.min(n, acked)
  }
  const missing = ledger.insertedIds.filter((id) => !present.has(id))
  if (missing.length > 0) problems.push(`${missing.length} acknowledged inserts missing, e.g. ${missing.slice(0, 3).join(', ')}`)
  return { foundInserts: ledger.insertedIds.length - missing.length, foundUpdates, problems }
}

async function status(database: Db): Promise<LocalDatabaseStatus> {
  return (await database.command({ folioStatus: 1 })) as unknown as LocalDatabaseStatus
}

async function runKillTest(options: Options, dataDir: string): Promise<boolean> {
  const dataFile = path.join(dataDir, 'folio.mv.db')
  console.log(`Kill test: ${options.cycles} cycles, ${options.writers} writers, SIGKILL after ${options.minKillMs}–${options.maxKillMs} ms`)
  let db = await startLocalDatabase({ dataDir, log })
  const rows: (string | number)[][] = [
    ['cycle', 'killed after ms', 'acked inserts', 'found', 'acked updates', 'found', 'in doubt', 'lost', 'file MB', 'reopen ms'],
  ]
  let failedCycles = 0
  for (let cycle = 1; cycle <= options.cycles; cycle++) {
    const { result, ledger } = await killCycle(db, cycle, options)
    const reopenStarted = Date.now()
    db = await startLocalDatabase({ dataDir, log })
    const reopenMs = Date.now() - reopenStarted
    const client = await connect(db, 2)
    const checked = await verify(client.db(), ledger)
    await client.close()
    const cycleLost = result.ackedInserts - checked.foundInserts + (result.ackedUpdates - checked.foundUpdates)
    if (cycleLost > 0 || checked.problems.length > 0) failedCycles++
    for (const problem of checked.problems) console.log(`  cycle ${cycle}: ${problem}`)
    rows.push([
      String(cycle),
      result.killedAfterMs,
      result.ackedInserts,
      checked.foundInserts,
      result.ackedUpdates,
      checked.foundUpdates,
      result.inDoubt,
      cycleLost,
      Number(fileMb(dataFile).toFixed(1)),
      reopenMs,
    ])
  }
  await db.stop()
  console.log(table(rows))
  console.log(failedCycles === 0 ? 'Kill test: no acknowledged write lost.' : `Kill test: FAILED in ${failedCycles} of ${options.cycles} cycles.`)
  return failedCycles === 0
}

/** Sequential acknowledged inserts from one client, then the same from `concurrency` clients at once. */
async function insertLatency(db: LocalDatabase, label: string, count: number, concurrency: number): Promise<(string | number)[]> {
  const client = await connect(db, concurrency + 1)
  const collection = client.db().collection(`latency_${Date.now()}`)
  const latencies: number[] = []
  let started = performance.now()
  for (let i = 0; i < count; i++) {
    const t = performance.now()
    await collection.insertOne({ seq: i, title: `post ${i}`, body: 'x'.repeat(200) })
    latencies.push(performance.now() - t)
  }
  const sequentialRate = count / ((performance.now() - started) / 1000)
  latencies.sort((a, b) => a - b)
  started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; i < count / concurrency; i++) await collection.insertOne({ seq: i, writer: w, body: 'x'.repeat(200) })
    }),
  )
  const concurrentRate = count / ((performance.now() - started) / 1000)
  await client.close()
  return [label, percentile(latencies, 50), percentile(latencies, 99), sequentialRate, concurrentRate]
}

const WORDS = 'folio content publish editor draft review page post author image gallery media search index query cache webhook site launch company product release update news story blog article team design layout'.split(' ')

/** A post of roughly 6 KB in the shape Payload stores: rich text as nested nodes, metadata, relations. */
function makePost(i: number): Record<string, unknown> {
  const sentence = () => Array.from({ length: 12 }, () => WORDS[Math.floor(Math.random() * WORDS.length)]).join(' ')
  const paragraphs = Array.from({ length: 24 }, () => ({
    type: 'paragraph',
    version: 1,
    children: [{ type: 'text', version: 1, format: 0, text: `${sentence()}. ${sentence()}.` }],
  }))
  return {
    title: `Post number ${i}: ${sentence()}`,
    slug: `post-${i}`,
    status: i % 10 === 0 ? 'draft' : 'published',
    publishedAt: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000),
    author: `author-${i % 20}`,
    categories: [`category-${i % 7}`, `category-${i % 11}`],
    content: { root: { type: 'root', version: 1, children: paragraphs } },
    meta: { title: `Post ${i}`, description: sentence() },
    createdAt: new Date(),
    updatedAt: new Date(),
  }
}

async function loadPosts(db: LocalDatabase, count: number): Promise<{ seconds: number; bytes: number }> {
  const client = await connect(db, 8)
  const posts = client.db().collection('posts')
  await posts.createIndex({ slug: 1 }, { unique: true })
  const started = performance.now()
  let bytes = 0
  const batch = 100
  for (let i = 0; i < count; i += batch) {
    const docs = Array.from({ length: Math.min(batch, count - i) }, (_, k) => makePost(i + k))
    bytes += docs.reduce((sum, doc) => sum + JSON.stringify(doc).length, 0)
    await posts.insertMany(docs)
  }
  await client.close()
  return { seconds: (performance.now() - started) / 1000, bytes }
}

/** The query shapes that made the old engine slow: by slug, sorted list, count; they pull the data into the heap. */
async function touchPosts(db: LocalDatabase): Promise<number> {
  const client = await connect(db, 2)
  const posts = client.db().collection('posts')
  const started = performance.now()
  await posts.findOne({ slug: 'post-5000' })
  await posts.find({ $and: [{ status: { $eq: 'published' } }] }).sort({ publishedAt: -1 }).limit(20).toArray()
  await posts.countDocuments({ status: 'published' })
  await posts.find({ categories: 'category-3' }).limit(10).toArray()
  const ms = performance.now() - started
  await client.close()
  return ms
}

async function measure(options: Options, root: string): Promise<void> {
  console.log('\nInsert latency (one client, acknowledged, ~300 B documents) and throughput:')
  const rows: (string | number)[][] = [['backend', 'p50 ms', 'p99 ms', 'inserts/s, 1 client', `inserts/s, ${options.writers} clients`]]
  const memory = await startLocalDatabase({ dataDir: path.join(root, 'memory'), memory: true, log })
  rows.push(await insertLatency(memory, 'memory (not durable)', 2000, options.writers))
  await memory.stop()
  const latencyDir = path.join(root, 'latency')
  const durable = await startLocalDatabase({ dataDir: latencyDir, log })
  rows.push(await insertLatency(durable, 'H2 file, commit+sync per write', 2000, options.writers))
  await durable.stop()
  console.log(table(rows))

  console.log('\nFile size under bursts of small writes (H2, durable):')
  const burstDir = path.join(root, 'burst')
  const burstFile = path.join(burstDir, 'folio.mv.db')
  let db = await startLocalDatabase({ dataDir: burstDir, log })
  let client = await connect(db, options.writers + 1)
  const small = client.db().collection('small')
  const perWriter = Math.ceil(10_000 / options.writers)
  let started = performance.now()
  await Promise.all(
    Array.from({ length: options.writers }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) await small.insertOne({ _id: `w${w}-${i}` as never, n: 0 })
      for (let i = 0; i < perWriter; i++) await small.updateOne({ _id: `w${w}-${i}` as never }, { $inc: { n: 1 } })
    }),
  )
  const burstSeconds = (performance.now() - started) / 1000
  const burstStatus = await status(client.db())
  const afterBurst = fileMb(burstFile)
  // Housekeeping runs every 5 s and compacts on its first run that sees no new writes.
  await new Promise((resolve) => setTimeout(resolve, 12_000))
  const afterHousekeeping = fileMb(burstFile)
  await client.close()
  await db.stop()
  console.log(
    table([
      ['writes', 'seconds', 'writes/s', 'file MB after', 'live data %', 'after 12 s idle', 'after stop'],
      [2 * perWriter * options.writers, burstSeconds, (2 * perWriter * options.writers) / burstSeconds, afterBurst, burstStatus.fillRate ?? '-', afterHousekeeping, fileMb(burstFile)],
    ]),
  )

  console.log(`\n${options.posts.toLocaleString('en-US')} posts of ~6 KB:`)
  const postRows: (string | number)[][] = [['backend', 'load s', 'JSON MB', 'file MB', 'RSS MB loaded', 'RSS MB after queries', 'queries ms', 'heap used MB', 'reopen ms', 'RSS MB reopened']]
  for (const memoryBackend of [true, false]) {
    const dir = path.join(root, memoryBackend ? 'posts-memory' : 'posts-h2')
    const file = path.join(dir, 'folio.mv.db')
    db = await startLocalDatabase({ dataDir: dir, memory: memoryBackend, log })
    const load = await loadPosts(db, options.posts)
    const loadedRss = rssMb(db.pid)
    const queriesMs = await touchPosts(db)
    const queriedRss = rssMb(db.pid)
    client = await connect(db, 1)
    const heap = (await status(client.db())).heapUsedMb
    await client.close()
    await db.stop()
    let reopenMs: number | string = '-'
    let reopenedRss: number | string = '-'
    if (!memoryBackend) {
      started = performance.now()
      db = await startLocalDatabase({ dataDir: dir, log })
      reopenMs = performance.now() - started
      await touchPosts(db)
      reopenedRss = rssMb(db.pid) ?? '-'
      await db.stop()
    }
    postRows.push([
      memoryBackend ? 'memory' : 'H2 file',
      load.seconds,
      load.bytes / (1024 * 1024),
      memoryBackend ? '-' : fileMb(file),
      loadedRss ?? '-',
      queriedRss ?? '-',
      queriesMs,
      heap,
      reopenMs,
      reopenedRss,
    ])
  }
  console.log(table(postRows))
}

const options = parseOptions(process.argv.slice(2))
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-db-kill-'))
let ok: boolean
try {
  ok = await runKillTest(options, path.join(root, 'kill'))
  if (options.measure) await measure(options, root)
} finally {
  fs.rmSync(root, { recursive: true, force: true })
}
process.exit(ok ? 0 : 1)
