import type { CollectionSlug, Payload, Where } from 'payload'

import { AUDIT_LOG, RECONCILE_MARGIN_MS } from '../constants'
import { storedInLocale } from '@/lib/storedInLocale'
import { documentTitle } from './documentTitle'

type Stamped = Record<string, unknown> & { id: string; createdAt?: string; updatedAt?: string }

const BATCH = 500

/**
 * Without transactions (the local database), a process killed between a write and its audit
 * entry leaves a change nobody recorded. Documents of `collections` changed since a little before
 * the newest entry, with no entry as new as the change, get one: `source: recovered`, author
 * unknown. A save that changed nothing has no entry either, so this runs only after a crash (see
 * watchForCrashes), where such a save may be recorded too; deletions leave nothing to find. Returns
 * the number of entries written.
 */
export async function reconcileAuditLog(payload: Payload, collections: string[]): Promise<number> {
  const { docs: newest } = await payload.db.find<Stamped>({ collection: AUDIT_LOG, sort: '-createdAt', limit: 1, pagination: false })
  const newestAt = newest[0]?.createdAt
  if (!newestAt) return 0
  const since = new Date(Date.parse(newestAt) - RECONCILE_MARGIN_MS).toISOString()
  let written = 0
  for (const collection of collections) {
    const slug = collection as CollectionSlug
    const config = payload.collections[slug]?.config
    if (!config) continue
    const { docs } = await payload.db.find<Stamped>({ collection: slug, where: { updatedAt: { greater_than_equal: since } }, limit: BATCH, pagination: false })
    for (const doc of docs) {
      if (!doc.updatedAt) continue
      const ofDocument: Where = { and: [{ sourceCollection: { equals: collection } }, { documentId: { equals: String(doc.id) } }] }
      const recorded = await payload.db.count({ collection: AUDIT_LOG, where: { and: [ofDocument, { updatedAt: { greater_than_equal: doc.updatedAt } }] } })
      if (recorded.totalDocs > 0) continue
      // Never recorded at all, and created in the window: its creation is what was lost.
      const isNew = (await payload.db.count({ collection: AUDIT_LOG, where: ofDocument })).totalDocs === 0 && (doc.createdAt ?? '') >= since
      await payload.create({
        collection: AUDIT_LOG,
        overrideAccess: true,
        depth: 0,
        data: {
          action: isNew ? 'create' : 'update',
          sourceCollection: collection,
          documentId: String(doc.id),
          documentTitle: documentTitle(storedInLocale(payload, collection, doc), config.admin?.useAsTitle),
          changedFields: [],
          source: 'recovered',
          user: null,
          userEmail: null,
          ip: null,
        },
      })
      written++
    }
  }
  if (written > 0) payload.logger.warn({ entries: written }, 'audit log: recorded changes stored before a crash without their entries (source "recovered")')
  return written
}
