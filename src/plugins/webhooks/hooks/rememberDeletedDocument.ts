import type { CollectionBeforeDeleteHook } from 'payload'

import { findLatestVersionId } from '../lib/findLatestVersionId'
import { isSilenced } from '../lib/isSilenced'
import { readPublicView } from '../lib/readPublicView'
import { rememberState } from '../lib/stateBeforeChange'

/** What the public could read of a document about to be deleted: the `deleted` event carries it. */
export const rememberDeletedDocument =
  ({ documentDepth }: { documentDepth: number }): CollectionBeforeDeleteHook =>
  async ({ collection, id, req }) => {
    if (isSilenced(req)) return
    const publicView = await readPublicView(req, { collection: collection.slug, id, depth: documentDepth })
    rememberState(req, collection.slug, id, {
      wasPublished: publicView !== null,
      previousVersionId: collection.versions ? await findLatestVersionId(req, collection.slug, id) : null,
      publicView,
    })
  }
