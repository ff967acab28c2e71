import type { CollectionSlug, Payload } from 'payload'

import { SEARCH } from '../../../../collections/slugs'
import { rebuildSearchIndex } from './rebuildSearchIndex'

/**
 * At start-up: an empty index next to published content means the content predates search (or
 * the index was dropped), so it is built now. Otherwise the plugin's hooks keep it current and
 * this costs one count.
 */
export async function indexExistingContent(payload: Payload, collections: string[]): Promise<void> {
  const { totalDocs: entries } = await payload.count({ collection: SEARCH })
  if (entries > 0) return
  let documents = 0
  for (const collection of collections) {
    const slug = collection as CollectionSlug
    const hasDrafts = Boolean(payload.collections[slug]?.config.versions?.drafts)
    documents += (await payload.count({ collection: slug, where: hasDrafts ? { _status: { equals: 'published' } } : undefined })).totalDocs
  }
  if (documents === 0) return
  const started = Date.now()
  payload.logger.info({ documents }, 'search: the index is empty; indexing published content')
  const indexed = await rebuildSearchIndex(payload, collections)
  payload.logger.info({ indexed, ms: Date.now() - started }, 'search: index built')
}
