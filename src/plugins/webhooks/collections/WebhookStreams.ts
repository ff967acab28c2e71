import type { CollectionConfig } from 'payload'

import { WEBHOOK_STREAMS, WEBHOOK_SUCCESSORS } from '../constants'

const nobody = () => false

/**
 * The latest delivery of each document to each endpoint, by the stream's key: a new delivery
 * waits for it, so keeping the order costs lookups by id instead of queries over the whole log.
 */
export const WebhookStreams: CollectionConfig = {
  slug: WEBHOOK_STREAMS,
  admin: { hidden: true },
  access: { create: nobody, read: nobody, update: nobody, delete: nobody },
  fields: [
    { name: 'id', type: 'text', required: true },
    { name: 'last', type: 'text', required: true },
  ],
}

/**
 * Which delivery waits for which (by the id of the one waited for), written once when the later
 * one is created, so a finished delivery lets the next one go without a query. Kept apart from
 * the deliveries themselves so that nothing else ever writes a delivery while it is being sent.
 */
export const WebhookSuccessors: CollectionConfig = {
  slug: WEBHOOK_SUCCESSORS,
  admin: { hidden: true },
  access: { create: nobody, read: nobody, update: nobody, delete: nobody },
  fields: [
    { name: 'id', type: 'text', required: true },
    { name: 'next', type: 'text', required: true },
  ],
}
