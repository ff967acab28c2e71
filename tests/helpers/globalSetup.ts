import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { TestProject } from 'vitest/node'

import { startLocalDatabase, type LocalDatabase } from '../../src/db/localDatabase'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A MongoDB-protocol server without a database name: each test file makes its own database. */
    databaseServer: string
    databaseCompatibility: 'ferretdb' | 'mongodb'
  }
}

let database: LocalDatabase | undefined
let dataDir: string | undefined

/** Starts one database server for the whole run: FerretDB, unless MONGODB_URI names a server. */
export async function setup(project: TestProject): Promise<void> {
  if (process.env.MONGODB_URI) {
    const url = new URL(process.env.MONGODB_URI)
    url.pathname = ''
    project.provide('databaseServer', url.toString().replace(/\/$/, ''))
    project.provide('databaseCompatibility', process.env.MONGODB_COMPATIBILITY === 'ferretdb' ? 'ferretdb' : 'mongodb')
    return
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-test-db-'))
  database = await startLocalDatabase({ dataDir, log: (message) => console.log(message) })
  project.provide('databaseServer', `mongodb://127.0.0.1:${database.port}`)
  project.provide('databaseCompatibility', 'ferretdb')
}

export async function teardown(): Promise<void> {
  await database?.stop()
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
}
