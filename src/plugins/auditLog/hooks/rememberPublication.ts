import type { CollectionBeforeChangeHook } from 'payload'

import { isSeeding } from '../lib/isSeeding'
import { rememberChangeState } from '../lib/changeState'

/**
 * For collections with drafts: whether the stored document, the one the public sees, is
 * published before an update, to tell an unpublish from a draft saved over a published document.
 */
export const rememberPublication: CollectionBeforeChangeHook = async ({ collection, data, operation, originalDoc, req }) => {
  if (operation !== 'update' || originalDoc?.id === undefined || isSeeding(req)) return data
  const stored = await req.payload.db.findOne<{ id: string; _status?: string }>({
    collection: collection.slug,
    where: { id: { equals: originalDoc.id } },
    select: { _status: true },
    req,
  })
  rememberChangeState(req, collection.slug, originalDoc.id, { wasPublished: stored?._status === 'published' })
  return data
}
