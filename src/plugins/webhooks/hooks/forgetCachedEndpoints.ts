import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'

import { forgetEndpoints } from '../lib/endpointCache'

/** An endpoint saved or deleted here takes effect for the very next event. */
export const forgetCachedEndpoints: CollectionAfterChangeHook & CollectionAfterDeleteHook = ({ doc, req }) => {
  forgetEndpoints(req.payload)
  return doc
}
