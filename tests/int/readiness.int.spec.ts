import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startLocalDatabase, type LocalDatabase } from '../../src/db/localDatabase'
import { startTestServer, type TestServer } from '../helpers/startTestServer'

// This file stops its database on purpose, so it runs its own FerretDB rather than the shared one.
let database: LocalDatabase
let dataDir: string
let server: TestServer

async function waitForReadiness(expected: number, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  let last = await server.api('/readyz')
  while (last.status !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    last = await server.api('/readyz')
  }
  return last
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-readiness-db-'))
  database = await startLocalDatabase({ dataDir, log: () => undefined })
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

    database = await startLocalDatabase({ dataDir, port: database.port, log: () => undefined })
    const up = await waitForReadiness(200)
    expect(up.status).toBe(200)
    expect(up.body.database.ok).toBe(true)

    const posts = await server.api('/api/posts')
    expect(posts.status).toBe(200)
  })
})
