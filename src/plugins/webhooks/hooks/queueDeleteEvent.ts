import type { CollectionAfterDeleteHook } from 'payload'

import type { StoredDocument } from '@/lib/StoredDocument'
import { changeOf } from '@/plugins/changeContext'
import { recallDeletedView } from '../lib/deletedViews'
import { enqueueWebhookEvent } from '../lib/enqueueWebhookEvent'
import { isSilenced } from '../lib/isSilenced'

export const queueDeleteEvent: CollectionAfterDeleteHook<StoredDocument> = async ({ collection, doc, id, req }) => {
  if (isSilenced(req)) return doc
  await enqueueWebhookEvent(req, {
    kind: 'deleted',
    collection: collection.slug,
    id,
    document: recallDeletedView(req, collection.slug, id),
    previousVersionId: collection.versions ? changeOf(req, collection.slug, id).previousVersionId : undefined,
  })
  return doc
}
