import type { Payload } from 'payload'

import { markRunningUntilCleanStop } from '@/lib/cleanShutdown'
import { reconcileAuditLog } from './reconcileAuditLog'

/** Set while a Folio process runs, cleared when it stops cleanly (Payload's key-value store). */
const RUNNING = 'folio:audit-log:running'

/**
 * At start-up: when the previous process did not stop cleanly (its mark is still there), checks
 * for changes it stored without their entries (reconcileAuditLog); this process is marked as
 * running until `payload.destroy()` (a clean shutdown) clears the mark.
 */
export async function watchForCrashes(payload: Payload, collections: string[]): Promise<void> {
  if (await markRunningUntilCleanStop(payload, RUNNING, 'audit log')) await reconcileAuditLog(payload, collections)
}
