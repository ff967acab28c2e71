import type { CollectionSlug, Payload, Where } from 'payload'

import { SEARCH } from '../constants'
import type { DocumentDescriptions } from '@/lib/DocumentDescription'
import { markRunningUntilCleanStop } from '@/lib/cleanShutdown'
import { readStoredDocument, writeSearchEntry } from './searchEntry'

type Stamp = { id: string; updatedAt?: string }
type Entry = { id: string; updatedAt?: string; doc?: { value?: string } }

const published: Where = { _status: { equals: 'published' } }

/** Every match in one query (ids and the fields asked for): paging with skips read the collection once per page. */
async function readAll<T>(payload: Payload, collection: string, where: Where, select: Record<string, true>): Promise<T[]> {
  const { docs } = await payload.db.find<Record<string, unknown> & { id: string }>({
    collection: collection as CollectionSlug,
    where,
    select,
    pagination: false,
    limit: 0,
  })
  return docs as unknown as T[]
}

const time = (iso?: string) => (iso ? Date.parse(iso) : 0)

export type Reconciliation = { indexed: number; removed: number }

/**
 * Makes the index agree with the published documents: an entry for every published document, as
 * new as the document, and none for anything else. The plugin's hooks keep the two in step while
 * Folio runs; this repairs what a crash between a write and its indexing left behind (and fills an
 * empty index), at start-up. It reads ids and timestamps only, and documents it (re)indexes.
 */
export async function reconcileSearchIndex(payload: Payload, collections: string[], describe: DocumentDescriptions): Promise<Record<string, Reconciliation>> {
  const result: Record<string, Reconciliation> = {}
  for (const collection of collections) {
    const hasDrafts = Boolean(payload.collections[collection as CollectionSlug]?.config.versions?.drafts)
    const documents = await readAll<Stamp>(payload, collection, hasDrafts ? published : {}, { updatedAt: true })
    const entries = await readAll<Entry>(payload, SEARCH, { 'doc.relationTo': { equals: collection } }, { updatedAt: true, doc: true })

    const newestEntry = new Map<string, Entry>()
    /** Documents with several entries: which one is right is unknown, so they are indexed again. */
    const doubled = new Set<string>()
    const surplus: string[] = []
    for (const entry of entries) {
      const docId = entry.doc?.value ?? ''
      const known = newestEntry.get(docId)
      if (!known) {
        newestEntry.set(docId, entry)
        continue
      }
      doubled.add(docId)
      if (time(entry.updatedAt) > time(known.updatedAt)) {
        surplus.push(known.id)
        newestEntry.set(docId, entry)
      } else surplus.push(entry.id)
    }

    let indexed = 0
    const current = new Set<string>()
    for (const document of documents) {
      const id = String(document.id)
      current.add(id)
      const entry = newestEntry.get(id)
      if (entry && !doubled.has(id) && time(entry.updatedAt) >= time(document.updatedAt)) continue
      const full = await readStoredDocument(payload, collection, id)
      if (!full) continue
      await writeSearchEntry(payload, describe, collection, full, entry?.id)
      indexed++
    }
    for (const [docId, entry] of newestEntry) if (!current.has(docId)) surplus.push(entry.id)
    if (surplus.length > 0) await payload.delete({ collection: SEARCH, where: { id: { in: surplus } }, depth: 0 })
    result[collection] = { indexed, removed: surplus.length }
  }
  return result
}

/** Set while a Folio process runs, cleared when it stops cleanly (src/lib/cleanShutdown). */
const RUNNING = 'folio:search:running'

/**
 * The start-up check of the index: reconciled (reconcileSearchIndex) after a process stopped
 * without a clean shutdown, whose writes may have missed their indexing, or when the index is empty
 * while published documents exist (a new index, or one dropped); otherwise nothing to repair, and
 * the start does not read every document (a second or two at 10,000 posts on the local database).
 */
export async function checkSearchIndexAtStart(
  payload: Payload,
  collections: string[],
  describe: DocumentDescriptions,
): Promise<Record<string, Reconciliation> | 'clean'> {
  const stoppedUncleanly = await markRunningUntilCleanStop(payload, RUNNING, 'search')
  if (stoppedUncleanly || (await indexIsMissing(payload, collections))) return reconcileSearchIndex(payload, collections, describe)
  return 'clean'
}

async function indexIsMissing(payload: Payload, collections: string[]): Promise<boolean> {
  if (await payload.db.findOne({ collection: SEARCH, where: {} })) return false
  for (const collection of collections) {
    const hasDrafts = Boolean(payload.collections[collection as CollectionSlug]?.config.versions?.drafts)
    if (await payload.db.findOne({ collection: collection as CollectionSlug, where: hasDrafts ? published : {} })) return true
  }
  return false
}
