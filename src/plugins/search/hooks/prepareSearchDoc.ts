import type { BeforeSync } from '@payloadcms/plugin-search/types'
import type { CollectionSlug } from 'payload'

import type { DocumentDescriptions } from '@/lib/DocumentDescription'
import { extractSearchFields } from '../lib/extractSearchFields'

/**
 * The search plugin's `beforeSync`: adds the text the ranking and the snippets need.
 *
 * The plugin stores an entry only for a published document (a draft's data is discarded, and a
 * newer draft of a published document leaves its entry alone), so the fields are read from the
 * stored document itself rather than from the hook's `doc`: that one has passed through the
 * request's `select`, depth and field access, and may lack fields.
 */
export const prepareSearchDoc =
  (describe: DocumentDescriptions): BeforeSync =>
  async ({ collectionSlug, originalDoc, req, searchDoc }) => {
    if (originalDoc._status === 'draft') return searchDoc
    const stored = await req.payload.db.findOne<Record<string, unknown> & { id: string }>({
      collection: collectionSlug as CollectionSlug,
      where: { id: { equals: originalDoc.id } },
      req,
    })
    return { ...searchDoc, ...extractSearchFields(describe, collectionSlug, stored ?? originalDoc) }
  }
