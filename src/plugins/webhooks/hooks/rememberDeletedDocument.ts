import type { CollectionBeforeDeleteHook } from 'payload'

import { rememberDeletedView } from '../lib/deletedViews'
import { isSilenced } from '../lib/isSilenced'
import { readPublicView } from '../lib/readPublicView'

/** What the public could read of a document about to be deleted: the `deleted` event carries it. */
export const rememberDeletedDocument =
  ({ documentDepth }: { documentDepth: number }): CollectionBeforeDeleteHook =>
  async ({ collection, id, req }) => {
    if (isSilenced(req)) return
    rememberDeletedView(req, collection.slug, id, await readPublicView(req, { collection: collection.slug, id, depth: documentDepth }))
  }
