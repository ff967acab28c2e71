import type { MongooseAdapter } from '@payloadcms/db-mongodb'

import { startServer, type RunningServer } from '@/server/startServer'
import { createApiClient, type ApiClient } from './apiClient'
import { createTestEnvironment, type TestEnvironment } from './testEnvironment'
import { createSignedInUser, type SignedInUser } from './users'

export type TestServer = RunningServer & {
  api: ApiClient
  environment: TestEnvironment
  /** The installation's first user (an admin), unless started with `empty`. */
  admin: SignedInUser
  stop: () => Promise<void>
}

/**
 * Folio's Express app on an ephemeral port, in this test process, against its own database.
 * One per test file: Payload's config is read once per process.
 */
type Options = {
  /** Start without the founding admin. */
  empty?: boolean
  /** Another database server than the run's shared one. */
  databaseServer?: string
}

export async function startTestServer(label: string, { empty = false, databaseServer }: Options = {}): Promise<TestServer> {
  const environment = createTestEnvironment(label, databaseServer)
  Object.assign(process.env, environment.env)
  const { default: config } = await import('../../payload.config')
  const server = await startServer({ config, port: 0, host: '127.0.0.1' })
  const stop = async () => {
    await (server.payload.db as MongooseAdapter).connection.db?.dropDatabase().catch(() => undefined)
    await server.close()
    environment.cleanUp()
  }
  const url = `http://127.0.0.1:${server.port}`
  const api = createApiClient(url)
  const admin = empty ? (undefined as unknown as SignedInUser) : await createSignedInUser(server.payload, api, 'admin')
  return { ...server, url, api, environment, admin, stop }
}
