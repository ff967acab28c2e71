import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runFuzz } from '../../scripts/fuzz/runFuzz'
import { startBuiltServer, type BuiltServer } from '../helpers/startBuiltServer'

/**
 * The bounded fuzz run of `npm test` (`npm run fuzz` sends 10,000): 1,500 generated hostile
 * requests to the compiled server, /healthz between batches. Rate limits are off so that the
 * requests reach the code behind them (they are tested on their own).
 */
let server: BuiltServer

beforeAll(async () => {
  server = await startBuiltServer('fuzz', { FOLIO_ADMIN: 'false', RATE_LIMITS: 'false', LOG_FORMAT: 'json' })
}, 120_000)

afterAll(async () => {
  await server?.stop()
})

describe('1,500 hostile requests', () => {
  it('get no 5xx, no hang, no dropped connection, no crash and no leak', async () => {
    const result = await runFuzz({
      baseUrl: server.url,
      requests: 1500,
      seed: 1,
      concurrency: 8,
      serverOutput: server.output,
      isServerAlive: () => server.child.exitCode === null,
    })
    const failures = result.signatures.map((signature) => `${signature.count}× ${signature.label}: ${signature.cause ?? signature.message}`)
    expect(failures).toEqual([])
    expect(result.crashes).toEqual([])
    expect(result.sent).toBeGreaterThanOrEqual(1500)
  }, 600_000)
})
