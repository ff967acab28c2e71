import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'

import type { Webhook } from '@payload-types'
import { forgetEndpoints } from '../lib/endpointCache'

/** An endpoint saved or deleted here takes effect for the very next event. */
export const forgetCachedEndpoints: CollectionAfterChangeHook<Webhook> & CollectionAfterDeleteHook<Webhook> = ({ doc, req }) => {
  forgetEndpoints(req.payload)
  return doc
}
