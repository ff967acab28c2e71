import { getCurrentDate, type Payload, type Where } from 'payload'

import { AUDIT_LOG, PRUNE_BATCH, PRUNE_MAX_BATCHES } from '../constants'

/**
 * Deletes entries older than the retention, oldest first, a batch at a time so that a first run
 * over years of entries holds no long lock and leaves the rest to the next run.
 */
export async function pruneAuditLog(payload: Payload, retentionMs: number): Promise<{ deleted: number }> {
  const cutoff = new Date(getCurrentDate().getTime() - retentionMs).toISOString()
  const old: Where = { createdAt: { less_than: cutoff } }
  let deleted = 0
  for (let batch = 0; batch < PRUNE_MAX_BATCHES; batch += 1) {
    const { docs } = await payload.db.find({ collection: AUDIT_LOG, where: old, sort: 'createdAt', limit: PRUNE_BATCH, pagination: false, select: { id: true } })
    if (docs.length === 0) break
    await payload.db.deleteMany({ collection: AUDIT_LOG, where: { id: { in: docs.map((doc) => doc.id) } } })
    deleted += docs.length
    if (docs.length < PRUNE_BATCH) break
  }
  if (deleted > 0) payload.logger.info({ deleted, olderThan: cutoff }, 'audit log pruned')
  return { deleted }
}
