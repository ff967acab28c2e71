import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { TestProject } from 'vitest/node'

import { startLocalDatabase, type LocalDatabase } from '@/db/localDatabase'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A MongoDB-protocol connection string; each test file puts its own database name into it. */
    databaseServer: string
    /** Whether writes and their side records commit together (a MongoDB replica set). */
    databaseHasTransactions: boolean
  }
}

let database: LocalDatabase | undefined
let dataDir: string | undefined

/**
 * Starts one database server for the whole run: the local database in memory (tests of
 * durability start their own on a file), unless MONGODB_URI names a server.
 */
export async function setup(project: TestProject): Promise<void> {
  if (process.env.MONGODB_URI) {
    project.provide('databaseServer', process.env.MONGODB_URI)
    project.provide('databaseHasTransactions', /[?&]replicaSet=/.test(process.env.MONGODB_URI))
    return
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-test-db-'))
  database = await startLocalDatabase({ dataDir, memory: true, log: (message) => console.log(message) })
  project.provide('databaseServer', database.uri)
  project.provide('databaseHasTransactions', false)
}

export async function teardown(): Promise<void> {
  await database?.stop()
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
}
