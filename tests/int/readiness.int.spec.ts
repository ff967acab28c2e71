import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { MongoClient } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { startLocalDatabase, type LocalDatabase } from '@/db/localDatabase'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser } from '../helpers/users'
import { waitFor } from '../helpers/waitFor'

// This file stops its database and fills its memory on purpose, so it runs its own local database
// (in memory, with a small heap) rather than the shared one.
const HEAP_MB = 128
let database: LocalDatabase
let dataDir: string
let server: TestServer

/** The readiness answer once it has the status `expected`. */
const waitForReadiness = (expected: number) =>
  waitFor(async () => {
    const answer = await server.api('/readyz')
    return answer.status === expected ? answer : undefined
  }, `/readyz to answer ${expected}`, { timeoutMs: 30_000, intervalMs: 250 })

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-readiness-db-'))
  database = await startLocalDatabase({ dataDir, memory: true, heapMb: HEAP_MB, log: () => undefined })
  server = await startTestServer('readiness', { databaseServer: database.uri })
})

afterAll(async () => {
  await server?.close()
  await database?.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
  server?.environment.cleanUp()
})

describe('health checks', () => {
  it('/healthz answers 200 while the process is up', async () => {
    const response = await server.api('/healthz')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ status: 'ok' })
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  it('/readyz answers 200 when the database answers a ping', async () => {
    const response = await server.api('/readyz')
    expect(response.status).toBe(200)
    expect(response.body.status).toBe('ready')
    expect(response.body.database.ok).toBe(true)
  })

  it('/readyz answers 503 while the database is down and 200 once it is back', async () => {
    await database.stop()
    const down = await waitForReadiness(503)
    expect(down.status).toBe(503)
    expect(down.body.status).toBe('unavailable')
    expect(down.body.database.ok).toBe(false)
    expect((await server.api('/healthz')).status).toBe(200)

    database = await startLocalDatabase({ dataDir, memory: true, heapMb: HEAP_MB, port: database.port, log: () => undefined })
    const up = await waitForReadiness(200)
    expect(up.status).toBe(200)
    expect(up.body.database.ok).toBe(true)

    const posts = await server.api('/api/posts')
    expect(posts.status).toBe(200)
  })

  it('/readyz answers 503 while the local database is short of memory, logging what to raise, and 200 once freed', async () => {
    // The database was restarted empty (in memory) by the test before: a user of this test's own.
    const editor = await createSignedInUser(server.payload, server.api, 'admin')
    const logged = vi.spyOn(server.payload.logger, 'error').mockImplementation(() => undefined)
    const client = await MongoClient.connect(database.uri, { retryWrites: false })
    const filler = client.db('filler').collection('chunks')
    try {
      for (let i = 0; i < 4000; i++) {
        const refused = await filler.insertOne({ i, chunk: randomBytes(32 * 1024).toString('base64') }).then(() => false, () => true)
        if (refused) break
      }
      const short = await waitForReadiness(503)
      expect(short.body).toMatchObject({ status: 'unavailable', database: { ok: false, error: 'the local database is short of memory' } })
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ heapMaxMb: expect.any(Number) }), expect.stringMatching(/raise LOCAL_DB_HEAP_MB \(now \d+ MB\)/))
      const write = await server.api('/api/categories', { method: 'POST', token: editor.token, json: { title: 'While short of memory' } })
      expect(write.status).toBe(503)
      expect(write.body.errors[0].code).toBe('SERVICE_UNAVAILABLE')
      expect(write.headers.get('retry-after')).toBe('30')
      await filler.drop()
      expect((await waitForReadiness(200)).body.database.ok).toBe(true)
    } finally {
      logged.mockRestore()
      await client.close()
    }
  })
})
