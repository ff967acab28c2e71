import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import type { Payload } from 'payload'

import type { LocalDatabaseStatus } from './localDatabase'

const PING_TIMEOUT_MS = 1500
/** MongoDB's answer to a command it does not know: the server is not Folio's local database. */
const COMMAND_NOT_FOUND = 59

export type DatabaseHealth = { ok: boolean; latencyMs?: number; error?: string }

/** Told to callers when the ping fails; the driver's own message (hosts, ports) goes to the log. */
const UNAVAILABLE = 'the database did not answer'
const SHORT_OF_MEMORY = 'the local database is short of memory'

/** Whether the server answers Folio's `folioStatus` command; found out on the first check. */
const answersStatus = new WeakMap<Payload, boolean>()

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Sends `ping` to the database, giving up after a short timeout so a probe never hangs. On Folio's
 * local database it also asks for `folioStatus`: a heap near its limit (writes refused) makes the
 * instance unready, and the log says what to raise.
 */
export async function pingDatabase(payload: Payload): Promise<DatabaseHealth> {
  const started = performance.now()
  const db = (payload.db as MongooseAdapter).connection?.db
  if (!db) return { ok: false, error: UNAVAILABLE }
  try {
    await withTimeout(db.command({ ping: 1 }, { timeoutMS: PING_TIMEOUT_MS }))
  } catch (error) {
    payload.logger.warn({ err: error }, 'readiness check: database ping failed')
    return { ok: false, error: UNAVAILABLE }
  }
  const latencyMs = Math.round(performance.now() - started)
  if (answersStatus.get(payload) === false) return { ok: true, latencyMs }
  try {
    const status = (await withTimeout(db.command({ folioStatus: 1 }, { timeoutMS: PING_TIMEOUT_MS }))) as unknown as LocalDatabaseStatus
    answersStatus.set(payload, true)
    if (status.nearLimit || status.failed) {
      payload.logger.error(
        { heapUsedMb: status.heapUsedMb, heapMaxMb: status.heapMaxMb, failed: status.failed },
        `readiness check: ${status.message ?? SHORT_OF_MEMORY}; raise LOCAL_DB_HEAP_MB (now ${status.heapMaxMb} MB) and restart`,
      )
      return { ok: false, latencyMs, error: SHORT_OF_MEMORY }
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === COMMAND_NOT_FOUND) answersStatus.set(payload, false)
    else payload.logger.warn({ err: error }, 'readiness check: the local database did not report its status')
  }
  return { ok: true, latencyMs }
}
