import { getCurrentDate, type Payload, type Where } from 'payload'

import { WEBHOOK_DELIVERIES, WEBHOOK_EVENTS, WEBHOOK_STREAMS, WEBHOOK_SUCCESSORS } from '../constants'

/**
 * Deletes finished deliveries older than the retention, then events no delivery points at any
 * more. Pending deliveries are kept whatever their age.
 */
export async function pruneWebhookLog(payload: Payload, retentionMs: number): Promise<{ deliveries: number; events: number }> {
  const cutoff = new Date(getCurrentDate().getTime() - retentionMs).toISOString()
  const old: Where = { and: [{ createdAt: { less_than: cutoff } }, { status: { not_equals: 'pending' } }] }
  const deliveries = await payload.db.count({ collection: WEBHOOK_DELIVERIES, where: old })
  if (deliveries.totalDocs > 0) await payload.db.deleteMany({ collection: WEBHOOK_DELIVERIES, where: old })

  const { docs: stillUsed } = await payload.db.find({
    collection: WEBHOOK_DELIVERIES,
    where: { createdAt: { less_than: cutoff } },
    select: { event: true },
    limit: 0,
    pagination: false,
  })
  const keep = [...new Set((stillUsed as unknown as { event: unknown }[]).map((delivery) => String(delivery.event)))]
  const oldEvents: Where = { and: [{ createdAt: { less_than: cutoff } }, ...(keep.length ? [{ id: { not_in: keep } }] : [])] }
  const events = await payload.db.count({ collection: WEBHOOK_EVENTS, where: oldEvents })
  if (events.totalDocs > 0) await payload.db.deleteMany({ collection: WEBHOOK_EVENTS, where: oldEvents })
  // A stream untouched for that long has long finished: its next delivery starts a new one.
  await payload.db.deleteMany({ collection: WEBHOOK_STREAMS, where: { updatedAt: { less_than: cutoff } } })
  await payload.db.deleteMany({ collection: WEBHOOK_SUCCESSORS, where: { updatedAt: { less_than: cutoff } } })
  if (deliveries.totalDocs + events.totalDocs > 0) {
    payload.logger.info({ deliveries: deliveries.totalDocs, events: events.totalDocs, olderThan: cutoff }, 'webhook log pruned')
  }
  return { deliveries: deliveries.totalDocs, events: events.totalDocs }
}
