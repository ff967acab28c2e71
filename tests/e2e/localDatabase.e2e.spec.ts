import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { MongoClient, MongoServerError } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startLocalDatabase, type LocalDatabase, type LocalDatabaseStatus } from '@/db/localDatabase'
import { waitFor } from '../helpers/waitFor'

/**
 * The local database on its file (as `npm start` runs it): every write it acknowledged is there
 * after a SIGKILL, a heap near its limit refuses writes with a clear error instead of
 * breaking the store, and a new collection is created once however many commands create it at the
 * same time. (`scripts/dbKillTest.ts` runs the long version with measurements.)
 */

const WRITERS = 4
// New collections at once, the creates each gets, and rounds: a collection created twice (a creation
// race) showed in 10 of 10 runs of this shape, and 3 rounds found it in 9 of 10.
const NEW_COLLECTIONS = 16
const CREATES_EACH = 8
const CREATE_ROUNDS = 5
let dataDir: string
let database: LocalDatabase | undefined

const connect = (db: LocalDatabase) =>
  // No retries: a write the driver sent twice could hide a lost one.
  MongoClient.connect(db.uri, { maxPoolSize: WRITERS + 2, retryWrites: false, retryReads: false, serverSelectionTimeoutMS: 5000 })

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-durability-'))
})

afterAll(async () => {
  await database?.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('the local database on a file', () => {
  it.each([1, 2])('keeps every acknowledged write through SIGKILL during writes (cycle %i)', async (cycle) => {
    database = await startLocalDatabase({ dataDir, log: () => undefined })
    const client = await connect(database)
    const posts = client.db().collection<{ _id: string; writer: number }>('posts')
    const counters = client.db().collection<{ _id: string; n: number }>('counters')
    const acknowledgedInserts: string[] = []
    const acknowledgedIncrements = new Map<string, number>()
    let stopped = false

    const writer = async (id: number) => {
      const counter = `cycle${cycle}-writer${id}`
      acknowledgedIncrements.set(counter, 0)
      for (let seq = 0; !stopped; seq++) {
        try {
          if (seq % 2 === 0) {
            const _id = `${counter}-${seq}`
            await posts.insertOne({ _id, writer: id })
            acknowledgedInserts.push(_id)
          } else {
            await counters.updateOne({ _id: counter }, { $inc: { n: 1 } }, { upsert: true })
            acknowledgedIncrements.set(counter, acknowledgedIncrements.get(counter)! + 1)
          }
        } catch {
          return // the kill
        }
      }
    }
    const writers = Array.from({ length: WRITERS }, (_, id) => writer(id))
    // Kill once a good number of writes went through, at a moment the writers do not choose.
    await waitFor(() => (acknowledgedInserts.length >= 200 ? true : undefined), 'writes to be acknowledged', { timeoutMs: 60_000 })
    process.kill(database.pid, 'SIGKILL')
    await Promise.all(writers)
    stopped = true
    await client.close(true)

    database = await startLocalDatabase({ dataDir, log: () => undefined })
    const reopened = await connect(database)
    const storedIds = new Set((await reopened.db().collection('posts').find({ _id: { $regex: `^cycle${cycle}-` } as never }).project({ _id: 1 }).toArray()).map((doc) => String(doc._id)))
    const missing = acknowledgedInserts.filter((id) => !storedIds.has(id))
    expect(missing).toEqual([])
    for (const [counter, acknowledged] of acknowledgedIncrements) {
      const stored = (await reopened.db().collection<{ _id: string; n: number }>('counters').findOne({ _id: counter }))?.n ?? 0
      // One increment may have been stored without its acknowledgement reaching the writer.
      expect(stored - acknowledged, counter).toBeGreaterThanOrEqual(0)
      expect(stored - acknowledged, counter).toBeLessThanOrEqual(1)
    }
    await reopened.close()
    await database.stop()
    database = undefined
  }, 120_000)

  it('refuses writes with a clear error when its heap nears the limit, and says so in its status', async () => {
    database = await startLocalDatabase({ dataDir: path.join(dataDir, 'small'), memory: true, heapMb: 64, log: () => undefined })
    const client = await connect(database)
    const filler = client.db().collection('filler')
    const chunk = 'z'.repeat(64 * 1024)
    let refusal: Error | undefined
    for (let i = 0; i < 2000 && !refusal; i++) {
      try {
        await filler.insertOne({ i, chunk })
      } catch (error) {
        refusal = error as Error
      }
    }
    expect(refusal?.message).toMatch(/refuses writes: .*heap.*LOCAL_DB_HEAP_MB/)
    const status = (await client.db().command({ folioStatus: 1 })) as unknown as LocalDatabaseStatus
    expect(status).toMatchObject({ nearLimit: true, backend: 'memory' })
    // Reads still work, and deleting data is the way out.
    expect(await filler.countDocuments()).toBeGreaterThan(100)
    await filler.drop()
    await waitFor(async () => (((await client.db().command({ folioStatus: 1 })) as unknown as LocalDatabaseStatus).nearLimit ? undefined : true), 'the heap to be freed', { timeoutMs: 30_000 })
    await filler.insertOne({ after: true })
    await client.close()
  }, 120_000)

  it('creates a new collection once when creates, createIndexes and an insert for it arrive together', async () => {
    database = await startLocalDatabase({ dataDir: path.join(dataDir, 'new-collections'), log: () => undefined })
    const client = await MongoClient.connect(database.uri, { maxPoolSize: NEW_COLLECTIONS * (CREATES_EACH + 2), retryWrites: false, retryReads: false })
    const db = client.db()
    // What mongoose does for each model on an empty database (Payload's first start), here from
    // several clients at once: create the collection (NamespaceExists, code 48, means done), create
    // its indexes, and the first insert.
    const create = (name: string) => db.createCollection(name).then(() => 'created', (error: MongoServerError) => (error.code === 48 ? 'created' : error.message))
    const answers: string[] = []
    const names: string[] = []
    for (let round = 0; round < CREATE_ROUNDS; round++) {
      const batch = Array.from({ length: NEW_COLLECTIONS }, (_, i) => `new-${round}-${i}`)
      names.push(...batch)
      answers.push(
        ...(await Promise.all(
          batch.flatMap((name) => [
            ...Array.from({ length: CREATES_EACH }, () => create(name)),
            db.collection(name).createIndex({ a: 1 }).then(() => 'created', (error: Error) => error.message),
            db.collection<{ _id: string; a: number }>(name).insertOne({ _id: name, a: round }).then(() => 'created', (error: Error) => error.message),
          ]),
        )),
      )
    }
    expect(answers.filter((answer) => answer !== 'created')).toEqual([])

    const listed = (await db.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name)
    expect(listed.sort()).toEqual([...names].sort())
    const stored = await Promise.all(
      names.map(async (name) => ({
        name,
        indexes: (await db.collection(name).indexes()).map((index) => index.name).sort(),
        documents: await db.collection(name).countDocuments(),
        // The _id index is the collection's own, not a lost twin's: a second document with that _id is refused.
        duplicate: await db.collection<{ _id: string }>(name).insertOne({ _id: name }).then(() => 'accepted', (error: MongoServerError) => error.code),
      })),
    )
    expect(stored).toEqual(names.map((name) => ({ name, indexes: ['_id_', 'a_1'], documents: 1, duplicate: 11000 })))
    await client.close()
    await database.stop()
    database = undefined
  }, 60_000)
})
