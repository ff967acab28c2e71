import type { CollectionBeforeChangeHook } from 'payload'

import { findLatestVersionId } from '../lib/findLatestVersionId'
import { isSilenced } from '../lib/isSilenced'
import { rememberState } from '../lib/stateBeforeChange'

/**
 * Before an update of a collection with drafts: was the stored document published (to tell an
 * unpublish from a draft save), and which version was the latest.
 */
export const rememberStateBeforeChange: CollectionBeforeChangeHook = async ({ collection, data, operation, originalDoc, req }) => {
  if (operation !== 'update' || !originalDoc?.id || isSilenced(req)) return data
  const stored = await req.payload.db.findOne<{ id: string; _status?: string }>({ collection: collection.slug, where: { id: { equals: originalDoc.id } }, req })
  rememberState(req, collection.slug, originalDoc.id, {
    wasPublished: stored?._status === 'published',
    previousVersionId: await findLatestVersionId(req, collection.slug, originalDoc.id),
  })
  return data
}
