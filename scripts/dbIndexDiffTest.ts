// Differential test of the local database's secondary indexes (src/db/mongo-java-server: SecondaryIndex,
// QueryPlanner, IndexedStorage). The same random documents, queries and writes go to Folio's launcher,
// with non-unique indexes on most fields, and to stock mongo-java-server 1.47.0 (the engine before
// them: it accepts non-unique indexes and ignores them, so it reads the whole collection for every
// query its unique indexes do not serve as they are). Every answer must be identical, value types and
// order included: find (sort, skip, limit, projection), count, countDocuments, distinct, aggregate with
// a leading $match, updateOne/updateMany (upserts), findOneAndUpdate/findOneAndDelete, replaceOne,
// deleteOne/deleteMany, inserts with duplicate keys, bulkWrite, and the whole collection now and then.
// Documents mix numbers of every BSON type, ObjectIds and their hex strings, dates, null and missing
// fields, nested documents and arrays (of arrays); filters are Payload's shapes ($and, $or, $in, $eq,
// $ne, $exists, $gt/$lt, dotted paths) and more. A second collection holds fields of one type each, as
// Payload's status and dates are, whose counts and sorted, limited reads the launcher answers from its
// indexes; now and then one of them gets an array or another type, and the launcher reads documents again. Indexes are created before or after the documents
// arrive, dropped and re-created, and survive renameCollection, drop, dropDatabase and (H2) a restart
// or a SIGKILL of the launcher.
//
//   node_modules/.bin/tsx --conditions=production scripts/dbIndexDiffTest.ts [--backend memory|h2|both] [--seed N] [--runs N] [--ops N]
//
// Exits 1 on the first run with a mismatch, after printing up to 10 of them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'

import { BSON, BSONRegExp, Decimal128, Double, Int32, Long, MongoClient, ObjectId, type Collection, type Db, type Document, type Sort } from 'mongodb'

import { startLocalDatabase, type LocalDatabase } from '@/db/localDatabase'

type Backend = 'memory' | 'h2'
type Options = { backends: Backend[]; seed: number; runs: number; ops: number }

const USAGE = 'usage: tsx --conditions=production scripts/dbIndexDiffTest.ts [--backend memory|h2|both] [--seed N] [--runs N] [--ops N]'
const MAX_MISMATCHES_SHOWN = 10
const DATABASE = 'difftest'
const ID_SORTS: (Sort | undefined)[] = [undefined, { _id: -1 }]

function parseOptions(argv: string[]): Options {
  const options: Options = { backends: ['memory', 'h2'], seed: 1, runs: 3, ops: 3000 }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = argv[++i]
    if (flag === '--backend' && (value === 'memory' || value === 'h2' || value === 'both')) {
      options.backends = value === 'both' ? ['memory', 'h2'] : [value]
    } else if ((flag === '--seed' || flag === '--runs' || flag === '--ops') && Number.isInteger(Number(value)) && Number(value) >= 0) {
      options[flag.slice(2) as 'seed' | 'runs' | 'ops'] = Number(value)
    } else {
      throw new Error(`bad argument ${flag} ${value ?? ''}\n${USAGE}`)
    }
  }
  return options
}

/** Stock mongo-java-server on a free port: the in-memory backend or an in-memory H2 store. */
const REFERENCE_SERVER = `
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

public final class ReferenceServer {
    public static void main(String[] args) throws Exception {
        AbstractMongoBackend backend = args[0].equals("h2") ? H2Backend.inMemory() : new MemoryBackend();
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        System.out.println("READY port=" + server.getLocalAddress().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // exits when the test closes stdin
        }
        System.exit(0);
    }
}
`

/** The launcher's classpath, as the running launcher was started with (Linux: /proc). */
function launcherClasspath(pid: number): string {
  const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
  const classpath = args[args.indexOf('-cp') + 1]
  if (!classpath) throw new Error(`no -cp in the launcher's command line: ${args.join(' ')}`)
  return classpath
}

function compileReference(classpath: string, dir: string): string {
  fs.writeFileSync(path.join(dir, 'ReferenceServer.java'), REFERENCE_SERVER)
  const result = spawnSync('javac', ['-nowarn', '-d', dir, '-cp', classpath, path.join(dir, 'ReferenceServer.java')], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`compiling the reference server failed:\n${result.stderr}`)
  return `${dir}${path.delimiter}${classpath}`
}

async function startReference(classpath: string, backend: Backend): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn('java', ['-Xmx512m', '-XX:+UseSerialGC', '-cp', classpath, 'ReferenceServer', backend], { stdio: ['pipe', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the reference server exited with ${code}`)))
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^READY port=(\d+)/.exec(line)
      if (match) resolve(Number(match[1]))
    })
  })
  return { child, port }
}

/** A seeded generator (mulberry32), so a failing run can be repeated with its seed. */
function makeRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  return { next, int, chance: (p: number) => next() < p, pick: <T>(items: readonly T[]): T => items[int(items.length)] }
}
type Random = ReturnType<typeof makeRandom>

const O1 = new ObjectId('65a000000000000000000001')
const O2 = new ObjectId('65a000000000000000000002')
const D1 = new Date('2024-01-01T00:00:00Z')
const D2 = new Date('2024-06-01T00:00:00Z')

/** Values that are equal, almost equal or alike in another type: numbers of each BSON type, ObjectId and its hex string, dates, null. */
const scalars = (): unknown[] => [
  new Int32(1), new Double(1), Long.fromNumber(1), Decimal128.fromString('1'), new Int32(2), new Double(2.5), new Double(-0), new Int32(0),
  Long.fromString('9007199254740993'), new Double(9007199254740992), 'x', 'y', '1', '', null, true, false, O1, O2, O1.toHexString(), D1, D2,
]

const FIELDS = ['a', 'n', 'tags', 'b', 'arr', 'u', 'o', 'd', 'parent', 'latest', 'version', 'path'] as const
const QUERY_FIELDS = ['a', 'a', 'n', 'tags', 'b.c', 'arr.x', 'u', 'o', 'd', '_id', 'b', 'zz', 'b.c.k', 'parent', 'latest', 'version.slug', 'version._status', 'version.categories', 'path'] as const
/** Non-unique indexes (single, dotted, multikey, compound); `u` also has a unique sparse one. */
const INDEXES: Document[] = [
  { a: 1 }, { n: 1 }, { tags: 1 }, { 'b.c': 1 }, { 'arr.x': 1 }, { o: 1 }, { d: -1 }, { a: 1, n: 1 }, { 'b.c': 1, tags: 1 }, { b: 1 }, { 'b.c.k': 1 },
  { tags: 1, 'arr.x': 1 }, { parent: 1 }, { latest: 1 }, { 'version.slug': 1 }, { 'version._status': 1 }, { 'version.categories': 1 }, { path: 1 },
  { 'version._status': 1, parent: 1 },
]

/** The collection of plain fields: `loc.en` (a localized slug, unique: Folio's lookup index beside the library's serves Payload's shapes of it), `st` (a status), `pd` (a date), `pa` (a string: the main collection's `a` is indexed too, and stock H2 cannot drop a database holding two indexes of one name), each now and then missing. */
const PLAIN = 'plain'
const PLAIN_INDEXES: Document[] = [{ st: 1 }, { pd: -1 }, { pa: 1 }, { st: 1, pd: 1 }]
const PLAIN_UNIQUE: Document = { 'loc.en': 1 }
// Ties broken by _id or natural order: on H2, the stock library orders documents tied on an empty array
// differently once they were read back from the file (seen without Folio's indexes too).
const PLAIN_SORTS: Sort[] = [{ pd: -1 }, { pd: 1, _id: -1 }, { st: 1 }, { pd: -1, _id: 1 }, { pa: 1, _id: 1 }, { _id: 1 }]

/** Documents, queries and writes of the plain collection, on a random stream of their own. */
function makePlainGenerator(random: Random) {
  const { int, chance, pick } = random
  const date = () => new Date(1e12 + int(40) * 60_000)
  const value = (field: 'st' | 'pd' | 'pa'): unknown => (field === 'st' ? pick(['draft', 'published', 'published']) : field === 'pd' ? (chance(0.1) ? null : date()) : `a${int(30)}`)
  let nextId = 0
  const slug = () => `s${int(600)}`
  const document = (): Document => {
    const doc: Document = { _id: chance(0.8) ? new ObjectId() : ++nextId }
    for (const field of ['st', 'pd', 'pa'] as const) if (chance(0.9)) doc[field] = value(field)
    if (chance(0.9)) doc.loc = { en: slug() }
    return doc
  }
  /** Payload's lists and counts: published documents, by date, by another field, or all. */
  const query = (): Document =>
    pick([
      () => ({ $and: [{ st: { $eq: pick(['draft', 'published', 'other']) } }] }),
      () => ({ st: pick(['draft', 'published']) }),
      () => ({ $and: [{ st: { $eq: 'published' } }, { pd: { $eq: date() } }] }),
      () => ({ $and: [{ pd: { $eq: date() } }, { st: { $eq: 'published' } }] }),
      () => ({ $and: [{ st: { $eq: 'published' } }, { pa: `a${int(30)}` }] }),
      () => ({ $and: [{ 'loc.en': { $eq: slug() } }, { st: { $eq: 'published' } }] }),
      () => ({ $and: [{ 'loc.en': { $eq: pick([slug(), null]) } }] }),
      () => ({ 'loc.en': { $in: [slug(), slug()] }, st: 'published' }),
      // Payload's post by slug: the localized slug beside the access rule's $or, or alone in a one-branch $or.
      () => ({ $and: [{ 'loc.en': { $eq: slug() } }, { $or: [{ st: { $eq: 'published' } }, { pa: { $exists: true } }] }] }),
      () => ({ $or: [{ $and: [{ 'loc.en': { $in: [slug(), null] } }] }] }),
      () => ({ 'loc.en': { $in: [slug(), slug()] } }),
      () => ({ 'loc.en': slug() }),
      () => ({ $and: [{ st: { $eq: 'published' } }, { pd: { $lt: date() } }] }),
      () => ({ pd: null }),
      () => ({ pa: { $in: [`a${int(30)}`, `a${int(30)}`] } }),
      () => ({}),
    ])()
  /** An array, an embedded document or another type in a plain field (its index then gives no counts or order), or a clean-up of them. */
  const spoil = (): { selector: Document; update: Document } => {
    // The localized slug along an array, nested arrays, or holding one.
    // Or another type (a number, a string, null, a document) where a slug should be.
    if (chance(0.2)) {
      const loc = pick([[{ en: slug() }], [[{ en: slug() }]], { en: [slug()] }, { en: slug() }, [{ en: slug() }, { de: slug() }], { en: new Int32(int(3)) }, { en: null }, 'x', { en: { k: slug() } }])
      return { selector: query(), update: { $set: { loc } } }
    }
    // A slug renamed, often to one another document holds: the unique index refuses it, and the lookup beside it must not list it.
    if (chance(0.1)) return { selector: query(), update: { $set: { 'loc.en': slug() } } }
    const field = pick(['st', 'pd', 'pa'] as const)
    if (chance(0.5)) return { selector: query(), update: { $set: { [field]: pick([['published'], [date()], { k: 1 }, new Int32(3), 'late', date()]) } } }
    return {
      selector: { $or: [{ [`${field}.0`]: { $exists: true } }, { [`${field}.k`]: { $exists: true } }, { [field]: { $in: [3, 'late'] } }] },
      update: { $set: { [field]: value(field) } },
    }
  }
  return { document, query, spoil, value, sort: () => pick(PLAIN_SORTS), random }
}

/** `nullIds`: now and then a document with _id null (not with H2: see runOnce). */
function makeGenerator(random: Random, nullIds: boolean) {
  const { int, chance, pick } = random
  const value = (depth = 0): unknown => {
    const r = random.next()
    if (r < 0.7 || depth > 1) return pick(scalars())
    if (r < 0.8) return []
    if (r < 0.92) return Array.from({ length: 1 + int(3) }, () => value(depth + 1))
    return chance(0.5) ? { k: value(depth + 1) } : { k: new Int32(1), j: 'x' }
  }
  /** Now and then long enough that a compound index over two arrays lists the document under every lookup. */
  const longArray = (make: () => unknown) => Array.from({ length: 35 + int(10) }, make)
  const fieldValue = (field: string): unknown => {
    switch (field) {
      case 'b':
        return pick([() => ({ c: value() }), () => [{ c: value() }, { c: value() }], () => [{ x: 1 }], () => 5, () => null, () => [[{ c: value() }]], () => ({ c: [value(), value()] }), () => ({})])()
      case 'arr':
        if (chance(0.03)) return longArray(() => ({ x: `x${int(50)}` }))
        return Array.from({ length: int(3) }, () => (chance(0.8) ? { x: value() } : value()))
      case 'tags':
        if (chance(0.03)) return longArray(() => `t${int(50)}`)
        return chance(0.7) ? Array.from({ length: int(4) }, () => pick(['t1', 't2', 't3', null, new Int32(1), ['t1']])) : value()
      case 'u':
        return chance(0.3) ? pick(['u1', 'u2', 'u3']) : `u-${int(1e9)}`
      case 'o':
        return pick([O1, O2, O1.toHexString(), new ObjectId(), null])
      case 'd':
        return pick([D1, D2, new Date(1e12 + int(5) * 1000), null])
      case 'parent':
        return pick([O1, O2, O1.toHexString(), 'p3', null])
      case 'latest':
        return pick([true, false, true, null, new Int32(1)])
      case 'version':
        return pick([
          () => ({ slug: pick(['s1', 's2', `s-${int(1e6)}`]), _status: pick(['draft', 'published']), categories: Array.from({ length: int(3) }, () => pick([O1, O2, O1.toHexString()])) }),
          () => ({ slug: null }),
          () => pick(['v', null]),
          () => [{ slug: 's1' }, { _status: 'draft' }],
        ])()
      case 'path':
        return pick(['/', '/a', '/a/b', '/A', null])
      default:
        return value()
    }
  }
  let nextId = 0
  const document = (): Document => {
    const r = random.next()
    const _id = r < 0.75 ? new ObjectId() : r < 0.87 ? new Int32(++nextId + 1000) : r < 0.995 || !nullIds ? `id-${++nextId}` : null
    const doc: Document = { _id }
    for (const field of FIELDS) if (chance(0.75)) doc[field] = fieldValue(field)
    return doc
  }
  const ids: unknown[] = []
  const queryValue = (field: string): unknown => {
    if (field === '_id' && ids.length > 0 && chance(0.7)) return pick(ids)
    if (field === 'u' && chance(0.5)) return pick(['u1', 'u2', 'u3'])
    if (field === 'tags' && chance(0.5)) return pick(['t1', 't2', null, ['t1'], 't7'])
    if (field === 'arr.x' && chance(0.3)) return `x${int(50)}`
    if (field === 'parent' && chance(0.6)) return pick([O1, O2, O1.toHexString(), 'p3'])
    if (field === 'latest' && chance(0.6)) return pick([true, false])
    if (field.startsWith('version.') && chance(0.6)) return pick(['s1', 's2', 'draft', 'published', O1, O2])
    if (field === 'path' && chance(0.6)) return pick(['/', '/a', '/a/b'])
    return value()
  }
  const condition = (): Document => {
    const field = pick(QUERY_FIELDS)
    const v = () => queryValue(field)
    switch (int(12)) {
      case 0:
      case 1:
        return { [field]: v() }
      case 2:
      case 3:
        return { [field]: { $eq: v() } }
      case 4:
      case 5:
        return { [field]: { $in: Array.from({ length: int(4) }, v) } }
      case 6:
        return { [field]: null }
      case 7:
        return { [field]: pick([{ $ne: v() }, { $exists: chance(0.5) }, { $gt: v() }, { $lt: v() }, { $nin: [v()] }, { $in: [v()], $ne: v() }, { $gte: D1, $lt: D2 }]) }
      case 8:
        return { [field]: new BSONRegExp('^[xu/]') }
      case 9:
        return { [field]: { $in: [v(), new BSONRegExp('1')] } }
      case 10:
        return { [field]: { $eq: v(), $in: [v(), v()] } }
      default:
        return { [field]: { $exists: true, $eq: v() } }
    }
  }
  /** Payload's shapes: every condition inside $and, $or of alternatives, a single-branch $or. */
  const query = (): Document => {
    switch (int(11)) {
      case 0:
        return {}
      case 1:
      case 2:
        return condition()
      case 3:
        return { ...condition(), ...condition() }
      case 4:
        return { $and: [condition(), condition()] }
      case 5:
        return { $and: [{ $and: [condition(), condition()] }, condition()] }
      case 6:
        return { $or: [condition()], ...condition() }
      case 7:
        return { $or: [condition(), condition()] }
      case 8:
        return { $and: [{ parent: { $eq: queryValue('parent') } }, { latest: { $eq: true } }] }
      case 9:
        return { $and: [{ _id: { $ne: pick(ids.length > 0 ? ids : [O1]) } }, { $or: [{ parent: { $eq: queryValue('parent') } }] }, { latest: { $eq: true } }, { d: { $lt: D2 } }] }
      default:
        return { $nor: [condition()], $and: [condition()] }
    }
  }
  const sorts: (Sort | undefined)[] = [undefined, undefined, { a: 1 }, { n: -1, _id: 1 }, { 'b.c': 1 }, { d: -1 }, { tags: 1 }, { 'version.slug': 1, _id: -1 }]
  const sort = (): Sort | undefined => pick(sorts)
  const update = (): Document =>
    pick([
      () => ({ $set: { [pick(['a', 'n', 'tags', 'b.c', 'o', 'd', 'parent', 'latest', 'version.slug', 'path'])]: fieldValue(pick(FIELDS)) } }),
      // Strings only: mongo-java-server's sparse unique index takes two nulls and then loses track of its documents.
      () => ({ $set: { u: fieldValue('u') } }),
      () => ({ $unset: { [pick(FIELDS)]: 1 } }),
      () => ({ $push: { tags: pick(['t1', 't4', null]) } }),
      () => ({ $set: { a: value(), n: value() } }),
      () => ({ $inc: { cnt: 1 } }),
      () => ({ $set: { b: fieldValue('b') } }),
      () => ({ $set: { latest: false } }),
      () => ({ $set: { version: fieldValue('version') }, $setOnInsert: { created: true } }),
    ])()
  return { document, ids, condition, query, sort, update, fieldValue }
}

const canonical = (value: unknown): string => BSON.EJSON.stringify(value, { relaxed: false })
const copy = <T>(value: T): T => BSON.EJSON.parse(canonical(value), { relaxed: false }) as T
const describeError = (error: unknown): string => {
  const { code, codeName, message } = error as { code?: number; codeName?: string; message?: string }
  // Index build errors name the collection by a random UUID.
  return `error ${code ?? ''} ${codeName ?? ''} ${(message ?? String(error)).replace(/connection \d+ to [\d.:]+/, 'connection').replace(/[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}/g, 'UUID')}`
}

type Side = { db: Db }

/** Where two answers part: the first differing document of a list (and the lengths), or both whole. */
function describeDifference(mine: string, reference: string): string {
  const parse = (answer: string) => BSON.EJSON.parse(answer, { relaxed: false }) as { ok?: unknown; error?: string }
  const [a, b] = [parse(mine), parse(reference)]
  if (Array.isArray(a.ok) && Array.isArray(b.ok)) {
    const other: unknown[] = b.ok
    const at = a.ok.findIndex((doc, i) => canonical(doc) !== canonical(other[i]))
    return `  ${a.ok.length} vs ${other.length} documents, first difference at ${at}\n  indexed:   ${canonical(a.ok[at]).slice(0, 700)}\n  reference: ${canonical(other[at]).slice(0, 700)}`
  }
  return `  indexed:   ${mine.slice(0, 900)}\n  reference: ${reference.slice(0, 900)}`
}

async function runOnce(backend: Backend, seed: number, opsCount: number, root: string, referenceClasspath: string): Promise<boolean> {
  const random = makeRandom(seed)
  const { int, chance, pick } = random
  // Stock H2 on a file cannot update a document whose _id is null: its unique indexes read back copies of
  // their Missing marker, which equal nothing ("Expected one element but got at least two"), with or without Folio's indexes.
  const generate = makeGenerator(random, backend === 'memory')
  const plain = makePlainGenerator(makeRandom(seed + 1_000_003))
  const dataDir = path.join(root, `${backend}-${seed}`)
  const log = () => undefined

  let mine: LocalDatabase = await startLocalDatabase({ dataDir, memory: backend === 'memory', log, heapMb: 512 })
  let mineClient = await MongoClient.connect(mine.uri, { directConnection: true, maxPoolSize: 2 })
  const reference = await startReference(referenceClasspath, backend)
  const referenceClient = await MongoClient.connect(`mongodb://127.0.0.1:${reference.port}`, { directConnection: true, maxPoolSize: 2 })
  const sides = (): Side[] => [
    { db: mineClient.db(DATABASE) },
    { db: referenceClient.db(DATABASE) },
  ]

  let collectionName = 'c'
  let checks = 0
  let mismatches = 0
  let sortErrors = 0
  let restarted = false

  /** The answer of each side: its result, or its error (code and message). */
  const both = async (operation: (collection: Collection, side: Side) => Promise<unknown>): Promise<string[]> => {
    const answers: string[] = []
    for (const side of sides()) {
      try {
        answers.push(canonical({ ok: await operation(side.db.collection(collectionName), side) }))
      } catch (error) {
        answers.push(canonical({ error: describeError(error) }))
      }
    }
    return answers
  }
  const compare = (label: string, [mineAnswer, referenceAnswer]: string[]) => {
    // mongo-java-server's value comparator is not transitive over some mixed types: Java's sort may
    // notice that on either side (they hold different copies of the documents) and refuse.
    if (mineAnswer !== referenceAnswer && `${mineAnswer}${referenceAnswer}`.includes('Comparison method violates')) {
      sortErrors++
      return
    }
    // A reopened H2 store lists a collection's indexes in another order (stock H2Database keys them by
    // random UUIDs), so a document breaking two unique indexes is reported by either: same code, same state.
    const duplicateKey = /^\{"error":"error 11000 DuplicateKey .*index: /
    if (restarted && duplicateKey.test(mineAnswer) && duplicateKey.test(referenceAnswer)) [mineAnswer, referenceAnswer] = ['duplicate key', 'duplicate key']
    checks++
    if (mineAnswer === referenceAnswer) return
    mismatches++
    if (mismatches <= MAX_MISMATCHES_SHOWN) console.log(`MISMATCH ${backend} seed=${seed} ${label}\n${describeDifference(mineAnswer, referenceAnswer)}`)
  }
  /** The insert command as sent: the driver's insertMany would replace a null _id with a new ObjectId on each side. */
  const insert = (side: Side, docs: Document[], ordered: boolean) =>
    side.db.command({ insert: collectionName, documents: copy(docs), ordered }).then((r) => ({ n: r.n as unknown, writeErrors: r.writeErrors as unknown }))

  const createIndexes = async (withUnique: boolean) => {
    for (const side of sides()) {
      if (withUnique) await side.db.collection(collectionName).createIndex({ u: 1 }, { unique: true, sparse: true })
      // The reference accepts non-unique indexes and ignores them; creating them there too keeps listIndexes alike.
      for (const key of INDEXES) await side.db.collection(collectionName).createIndex(key)
    }
  }
  const restartMine = async (kill: boolean) => {
    restarted = true
    await mineClient.close()
    if (kill) {
      process.kill(mine.pid, 'SIGKILL')
      while (fs.existsSync(`/proc/${mine.pid}`) && !fs.readFileSync(`/proc/${mine.pid}/status`, 'utf8').includes('State:\tZ')) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    } else {
      await mine.stop()
    }
    mine = await startLocalDatabase({ dataDir, log, heapMb: 512 })
    mineClient = await MongoClient.connect(mine.uri, { directConnection: true, maxPoolSize: 2 })
  }

  /** One read or write of the plain collection, compared. */
  const plainOperation = async (i: number) => {
    const { int, chance, pick } = plain.random
    const query = plain.query()
    const on = (side: Side) => side.db.collection(PLAIN)
    const label = `#${i} plain ${canonical(query)}`
    const op = int(10)
    if (op < 4) {
      const sort = plain.sort()
      const skip = chance(0.3) ? int(30) : 0
      const limit = chance(0.8) ? 1 + int(20) : 0
      compare(`${label} find sort=${canonical(sort)} skip=${skip} limit=${limit}`, await both((c, side) => on(side).find(query, { sort, skip, limit }).toArray()))
    } else if (op < 5) {
      compare(`${label} countDocuments`, await both((c, side) => on(side).countDocuments(query)))
    } else if (op < 6) {
      compare(`${label} count`, await both((c, side) => side.db.command({ count: PLAIN, query }).then((r) => r.n as unknown)))
    } else if (op < 7) {
      const group = { _id: pick([1, null]), n: { $sum: 1 } }
      compare(`${label} aggregate count ${canonical(group)}`, await both((c, side) => on(side).aggregate([{ $match: query }, { $group: group }]).toArray()))
    } else if (op < 8) {
      const { selector, update } = plain.spoil()
      compare(`#${i} plain updateMany ${canonical(update)} where ${canonical(selector)}`, await both((c, side) => on(side).updateMany(selector, update)))
    } else if (op < 9) {
      const field = pick(['st', 'pd', 'pa'] as const)
      const update = chance(0.2) ? { $unset: { [field]: 1 } } : { $set: { [field]: plain.value(field) } }
      compare(`${label} updateOne ${canonical(update)}`, await both((c, side) => on(side).updateOne(query, update)))
    } else {
      const docs = Array.from({ length: 1 + int(5) }, plain.document)
      compare(`#${i} plain insert`, await both((c, side) => side.db.command({ insert: PLAIN, documents: copy(docs), ordered: false }).then((r) => ({ n: r.n as unknown, writeErrors: r.writeErrors as unknown }))))
      compare(`${label} deleteOne`, await both((c, side) => on(side).deleteOne(query)))
    }
  }

  try {
    const indexesFirst = chance(0.5)
    await createIndexes(true)
    // Indexes kept up as the documents arrive, or built over documents already there.
    if (indexesFirst) await createIndexes(false)
    const initial = Array.from({ length: 300 }, generate.document)
    generate.ids.push(...initial.map((doc) => doc._id as unknown))
    compare('insert', await both((c, side) => insert(side, initial, false)))
    if (!indexesFirst) await createIndexes(false)

    for (const side of sides()) {
      for (const key of PLAIN_INDEXES) await side.db.collection(PLAIN).createIndex(key)
      await side.db.collection(PLAIN).createIndex(PLAIN_UNIQUE, { unique: true, sparse: true })
    }
    const plainDocs = Array.from({ length: 400 }, plain.document)
    compare('plain insert', await both((c, side) => side.db.command({ insert: PLAIN, documents: copy(plainDocs), ordered: false }).then((r) => ({ n: r.n as unknown, writeErrors: r.writeErrors as unknown }))))

    for (let i = 0; i < opsCount; i++) {
      if (plain.random.chance(0.3)) await plainOperation(i)
      const query = generate.query()
      const op = int(100)
      const label = `#${i} ${canonical(query)}`
      if (op < 30) {
        const sort = generate.sort()
        const skip = chance(0.2) ? int(5) : 0
        const limit = chance(0.3) ? 1 + int(5) : 0
        const projection = chance(0.2) ? pick([{ a: 1 }, { tags: 0 }]) : undefined
        compare(`${label} find sort=${canonical(sort)} skip=${skip} limit=${limit}`, await both((c) => c.find(query, { sort, skip, limit, projection }).toArray()))
      } else if (op < 36) {
        const options = chance(0.3) ? { limit: 3, skip: 1 } : {}
        compare(`${label} countDocuments ${canonical(options)}`, await both((c) => c.countDocuments(query, options)))
      } else if (op < 40) {
        compare(`${label} count`, await both((c, side) => side.db.command({ count: collectionName, query }).then((r) => r.n as unknown)))
      } else if (op < 43) {
        const key = pick(['a', 'tags', 'b.c', 'parent'])
        compare(`${label} distinct ${key}`, await both((c) => c.distinct(key, query)))
      } else if (op < 48) {
        const rest = pick([[{ $sort: { _id: 1 } }], [{ $group: { _id: null, n: { $sum: 1 } } }], [{ $limit: 3 }], [{ $project: { a: 1 } }, { $match: { a: { $exists: true } } }]])
        compare(`${label} aggregate ${canonical(rest)}`, await both((c) => c.aggregate([{ $match: query }, ...rest]).toArray()))
      } else if (op < 60) {
        const update = generate.update()
        const upsert = chance(0.2)
        const many = chance(0.5)
        const selector = upsert ? { $and: [{ _id: `up-${int(40)}` }, query] } : query
        compare(
          `${label} update${many ? 'Many' : 'One'} ${canonical(update)} upsert=${upsert}`,
          await both((c) => (many ? c.updateMany(selector, update, { upsert }) : c.updateOne(selector, update, { upsert }))),
        )
      } else if (op < 66) {
        const update = generate.update()
        const upsert = chance(0.2)
        const sort = pick(ID_SORTS)
        const returnDocument = chance(0.5) ? 'after' : 'before'
        const selector = upsert ? { $and: [{ _id: `up-${int(40)}` }, query] } : query
        compare(
          `${label} findOneAndUpdate ${canonical(update)} sort=${canonical(sort)} upsert=${upsert} ${returnDocument}`,
          await both((c) => c.findOneAndUpdate(selector, update, { upsert, sort, returnDocument })),
        )
      } else if (op < 70) {
        const sort = pick(ID_SORTS)
        compare(`${label} findOneAndDelete sort=${canonical(sort)}`, await both((c) => c.findOneAndDelete(query, { sort })))
      } else if (op < 73) {
        // Not all of them at once: the collection should stay large enough for the indexes to matter.
        const selector = Object.keys(query).length === 0 ? generate.condition() : query
        const many = chance(0.5)
        compare(`${label} delete${many ? 'Many' : 'One'} ${canonical(selector)}`, await both((c) => (many ? c.deleteMany(selector) : c.deleteOne(selector))))
      } else if (op < 76) {
        const replacement = generate.document()
        delete replacement._id
        compare(`${label} replaceOne`, await both((c) => c.replaceOne(query, copy(replacement))))
      } else if (op < 90) {
        const docs = Array.from({ length: 1 + int(15) }, generate.document)
        generate.ids.push(...docs.map((doc) => doc._id as unknown))
        const ordered = chance(0.5)
        compare(`${label} insert ordered=${ordered}`, await both((c, side) => insert(side, docs, ordered)))
      } else if (op < 92) {
        // The driver would give a null _id a new ObjectId on each side.
        const inserted = { ...generate.document(), _id: new ObjectId() }
        const replacement = generate.document()
        delete replacement._id
        generate.ids.push(inserted._id)
        const update = generate.update()
        const deleted = generate.query()
        const replaced = pick(generate.ids)
        compare(
          `${label} bulkWrite update=${canonical(update)} delete=${canonical(deleted)}`,
          await both((c) =>
            c.bulkWrite(
              [
                { insertOne: { document: copy(inserted) } },
                { updateMany: { filter: query, update } },
                { deleteOne: { filter: deleted } },
                { replaceOne: { filter: { _id: replaced as never }, replacement: copy(replacement) } },
              ],
              { ordered: true },
            ),
          ),
        )
      } else if (op < 96) {
        compare(`#${i} whole collection`, await both((c) => c.find({}).toArray()))
      } else if (op === 96 && chance(0.3)) {
        const other = collectionName === 'c' ? 'c2' : 'c'
        // Stock H2Database renames a collection's maps by its new name, so a dropped target takes the
        // renamed collection's data with it there: the reference cannot follow (Folio's launcher renames them right).
        const dropTarget = chance(0.5) && backend === 'memory'
        if (dropTarget) for (const side of sides()) await side.db.collection(other).insertOne({ _id: 'in the way' as never })
        compare(`#${i} rename dropTarget=${dropTarget}`, await both((c) => c.rename(other, { dropTarget }).then(() => 'renamed')))
        collectionName = other
      } else if (op === 97 && chance(0.3)) {
        const all = chance(0.3)
        const key = pick(INDEXES)
        const name = Object.entries(key).map(([field, direction]) => `${field}_${String(direction)}`).join('_')
        for (const side of sides()) await (all ? side.db.collection(collectionName).dropIndexes() : side.db.collection(collectionName).dropIndex(name))
        compare(`#${i} after dropIndex ${all ? '*' : name} ${canonical(query)}`, await both((c) => c.find(query).toArray()))
        if (all) {
          // The unique index may no longer build: documents updated since may share a u.
          compare(`#${i} recreate the unique index`, await both((c) => c.createIndex({ u: 1 }, { unique: true, sparse: true })))
          await createIndexes(false)
        } else for (const side of sides()) await side.db.collection(collectionName).createIndex(key)
      } else if (op === 98 && chance(0.1)) {
        const database = chance(0.3)
        compare(`#${i} drop ${database ? 'database' : 'collection'}`, await both((c, side) => (database ? side.db.dropDatabase() : c.drop())))
        await createIndexes(true)
      } else if (op === 99 && backend === 'h2' && chance(0.5)) {
        const kill = chance(0.5)
        await restartMine(kill)
        compare(`#${i} whole collection after ${kill ? 'SIGKILL' : 'restart'}`, await both((c) => c.find({}).toArray()))
      }
    }
    compare('final whole collection', await both((c) => c.find({}).toArray()))
    compare('final plain collection', await both((c, side) => side.db.collection(PLAIN).find({}).toArray()))
    const count = await mineClient.db(DATABASE).collection(collectionName).countDocuments({})
    console.log(`${backend} seed=${seed}: ${checks} answers compared, ${mismatches} mismatches, ${sortErrors} skipped (library sort error on one side), ${count} documents at the end`)
    return mismatches === 0
  } finally {
    await mineClient.close()
    await referenceClient.close()
    await mine.stop()
    reference.child.stdin?.end()
  }
}

const options = parseOptions(process.argv.slice(2))
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-db-diff-'))
let ok = true
try {
  // The launcher builds itself (or is found built) on its first start; the reference is compiled against its jars.
  const probe = await startLocalDatabase({ dataDir: path.join(root, 'probe'), memory: true, log: () => undefined, heapMb: 128 })
  const referenceClasspath = compileReference(launcherClasspath(probe.pid), root)
  await probe.stop()
  for (const backend of options.backends) {
    for (let run = 0; run < options.runs && ok; run++) {
      ok = await runOnce(backend, options.seed + run, options.ops, root, referenceClasspath)
    }
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true })
}
console.log(ok ? 'Index differential test: every answer identical.' : 'Index differential test: FAILED.')
process.exit(ok ? 0 : 1)
