import type { CollectionSlug, Payload, Where } from 'payload'

import { REBUILD_BATCH_SIZE, SEARCH } from '../constants'
import type { DocumentDescriptions } from '@/lib/DocumentDescription'
import { writeSearchEntry } from './searchEntry'

const published: Where = { _status: { equals: 'published' } }

/**
 * Rebuilds the entries of the given collections from their published documents. New entries are
 * written before the old ones are removed, so searches keep answering meanwhile (a document may
 * briefly have two entries; the search endpoint shows it once). Returns the count per collection.
 */
export async function rebuildSearchIndex(payload: Payload, collections: string[], describe: DocumentDescriptions): Promise<Record<string, number>> {
  const indexed: Record<string, number> = {}
  for (const collection of collections) {
    const slug = collection as CollectionSlug
    const startedAt = new Date().toISOString()
    const hasDrafts = Boolean(payload.collections[slug]?.config.versions?.drafts)
    let count = 0
    for (let page = 1; ; page++) {
      const { docs, hasNextPage } = await payload.db.find<Record<string, unknown> & { id: string }>({
        collection: slug,
        where: hasDrafts ? published : {},
        sort: 'id',
        limit: REBUILD_BATCH_SIZE,
        page,
        pagination: true,
      })
      for (const doc of docs) {
        await writeSearchEntry(payload, describe, collection, doc, undefined)
        count++
      }
      if (!hasNextPage) break
    }
    await payload.delete({
      collection: SEARCH,
      where: { and: [{ 'doc.relationTo': { equals: collection } }, { createdAt: { less_than: startedAt } }] },
      depth: 0,
    })
    indexed[collection] = count
  }
  return indexed
}
