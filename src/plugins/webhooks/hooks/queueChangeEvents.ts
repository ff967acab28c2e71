import type { CollectionAfterChangeHook } from 'payload'

import type { StoredDocument } from '@/lib/StoredDocument'
import { localeOfChange } from '@/lib/storedInLocale'
import { changeOf } from '@/plugins/changeContext'
import type { EventKind } from '../constants'
import { enqueueWebhookEvent, hasSubscribers } from '../lib/enqueueWebhookEvent'
import { isSilenced } from '../lib/isSilenced'
import { readPublicView } from '../lib/readPublicView'

/**
 * Queues `created` or `updated`, then `published` or `unpublished` for collections with drafts.
 * Autosaves of drafts send nothing: the public sees no change and editors autosave every few seconds.
 */
export const queueChangeEvents =
  ({ documentDepth }: { documentDepth: number }): CollectionAfterChangeHook<StoredDocument> =>
  async ({ collection, doc, operation, req }) => {
    if (isSilenced(req)) return doc
    const change = changeOf(req, collection.slug, doc.id)
    if (operation === 'update' && change.isAutosave) return doc
    const hasDrafts = Boolean(collection.versions && typeof collection.versions === 'object' && collection.versions.drafts)
    // Nobody subscribed to anything this change could send: no public view to read, nothing to store.
    const candidates: EventKind[] = [operation === 'create' ? 'created' : 'updated', 'published', 'unpublished']
    if (!(await hasSubscribers(req, collection.slug, candidates))) return doc
    // Read in the language the change was made in, which the event names.
    const locale = localeOfChange(req.payload, req.locale)
    const publicView = await readPublicView(req, { collection: collection.slug, id: doc.id, depth: documentDepth, locale })

    const kinds: EventKind[] = [operation === 'create' ? 'created' : 'updated']
    if (hasDrafts && doc._status === 'published') kinds.push('published')
    else if (hasDrafts && change.wasPublished && publicView === null) kinds.push('unpublished')

    for (const kind of kinds) {
      await enqueueWebhookEvent(req, {
        kind,
        collection: collection.slug,
        id: doc.id,
        document: publicView,
        locale,
        previousVersionId: collection.versions ? change.previousVersionId : undefined,
      })
    }
    return doc
  }
