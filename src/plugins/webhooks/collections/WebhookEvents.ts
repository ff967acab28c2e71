import type { CollectionConfig } from 'payload'

import { isAdmin } from '@/access/isAdmin'
import { WEBHOOK_EVENTS } from '../constants'

const nobody = () => false

/** The body of every event sent, kept so a delivery can be retried or resent exactly. */
export const WebhookEvents: CollectionConfig = {
  slug: WEBHOOK_EVENTS,
  labels: { singular: 'Webhook event', plural: 'Webhook events' },
  admin: { hidden: true, useAsTitle: 'type' },
  access: { create: nobody, read: isAdmin, update: nobody, delete: nobody },
  fields: [
    { name: 'type', type: 'text', required: true },
    { name: 'sourceCollection', type: 'text' },
    { name: 'documentId', type: 'text' },
    { name: 'sequence', type: 'number', required: true },
    { name: 'payload', type: 'json', required: true },
  ],
}
