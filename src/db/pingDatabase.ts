import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import type { Payload } from 'payload'

const PING_TIMEOUT_MS = 1500

export type DatabaseHealth = { ok: boolean; latencyMs?: number; error?: string }

/** Told to callers when the ping fails; the driver's own message (hosts, ports) goes to the log. */
const UNAVAILABLE = 'the database did not answer'

/** Sends `ping` to the database, giving up after a short timeout so a probe never hangs. */
export async function pingDatabase(payload: Payload): Promise<DatabaseHealth> {
  const started = performance.now()
  const db = (payload.db as MongooseAdapter).connection?.db
  if (!db) return { ok: false, error: UNAVAILABLE }
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)
  })
  try {
    await Promise.race([db.command({ ping: 1 }, { timeoutMS: PING_TIMEOUT_MS }), timeout])
    return { ok: true, latencyMs: Math.round(performance.now() - started) }
  } catch (error) {
    payload.logger.warn({ err: error }, 'readiness check: database ping failed')
    return { ok: false, error: UNAVAILABLE }
  } finally {
    clearTimeout(timer)
  }
}
