import type { Payload } from 'payload'

import { reconcileAuditLog } from './reconcileAuditLog'

/** Set while a Folio process runs, cleared when it stops cleanly (Payload's key-value store). */
const RUNNING = 'folio:audit-log:running'

/**
 * At start-up: when the previous process did not stop cleanly (its mark is still there), checks
 * for changes it stored without their entries (reconcileAuditLog); then marks this process as
 * running until `payload.destroy()` (a clean shutdown) clears the mark.
 */
export async function watchForCrashes(payload: Payload, collections: string[]): Promise<void> {
  if (await payload.kv.has(RUNNING)) await reconcileAuditLog(payload, collections)
  await payload.kv.set(RUNNING, { since: new Date().toISOString(), pid: process.pid })
  const destroy = payload.destroy.bind(payload)
  payload.destroy = async () => {
    await payload.kv.delete(RUNNING).catch((err: unknown) => payload.logger.warn({ err }, 'audit log: could not note the clean shutdown'))
    await destroy()
  }
}
