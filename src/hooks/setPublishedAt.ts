import { getCurrentDate, type CollectionBeforeChangeHook } from 'payload'

import type { StoredDocument } from '@/lib/StoredDocument'

/**
 * Stamps `publishedAt` the first time a document is published, unless an editor set it. Read
 * from the job clock, so a scheduled publish is stamped with its time.
 */
export const setPublishedAt: CollectionBeforeChangeHook<StoredDocument> = ({ data, originalDoc }) => {
  if (data._status === 'published' && !data.publishedAt && !originalDoc?.publishedAt) {
    return { ...data, publishedAt: getCurrentDate().toISOString() }
  }
  return data
}
