import type { CollectionAfterDeleteHook } from 'payload'

import { enqueueWebhookEvent } from '../lib/enqueueWebhookEvent'
import { isSilenced } from '../lib/isSilenced'
import { recallState } from '../lib/stateBeforeChange'

export const queueDeleteEvent: CollectionAfterDeleteHook = async ({ collection, doc, id, req }) => {
  if (isSilenced(req)) return doc
  const before = recallState(req, collection.slug, id)
  await enqueueWebhookEvent(req, {
    kind: 'deleted',
    collection: collection.slug,
    id,
    document: before?.publicView ?? null,
    previousVersionId: collection.versions ? (before?.previousVersionId ?? null) : undefined,
  })
  return doc
}
