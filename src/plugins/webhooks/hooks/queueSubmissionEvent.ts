import type { CollectionAfterChangeHook } from 'payload'

import type { StoredDocument } from '@/lib/StoredDocument'

import { enqueueWebhookEvent } from '../lib/enqueueWebhookEvent'
import { isSilenced } from '../lib/isSilenced'

/**
 * A new form submission goes out as `<collection>.received` with the submission itself: the
 * public cannot read submissions, and the receiver (a CRM, a chat channel) needs their content.
 */
export const queueSubmissionEvent =
  ({ documentDepth }: { documentDepth: number }): CollectionAfterChangeHook<StoredDocument> =>
  async ({ collection, doc, operation, req }) => {
    if (operation !== 'create' || isSilenced(req)) return doc
    // Read at the events' depth, whatever depth the visitor's request asked for.
    const document = await req.payload.findByID({ collection: collection.slug, id: doc.id, depth: documentDepth, req, overrideAccess: true })
    await enqueueWebhookEvent(req, { kind: 'received', collection: collection.slug, id: doc.id, document: document as unknown as Record<string, unknown> })
    return doc
  }
