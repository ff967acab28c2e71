import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { MongoClient } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startLocalDatabase, type LocalDatabase, type LocalDatabaseStatus } from '@/db/localDatabase'
import { waitFor } from '../helpers/waitFor'

/**
 * The local database on its file (as `npm start` runs it): every write it acknowledged is there
 * after a SIGKILL, and a heap near its limit refuses writes with a clear error instead of
 * breaking the store. (`scripts/dbKillTest.ts` runs the long version with measurements.)
 */

const WRITERS = 4
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
})
