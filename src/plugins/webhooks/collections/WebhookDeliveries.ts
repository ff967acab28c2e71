import type { CollectionConfig } from 'payload'

import { isAdmin } from '@/access/isAdmin'
import { DELIVERY_STATUSES, WEBHOOK_DELIVERIES, WEBHOOK_EVENTS, WEBHOOKS } from '../constants'

const nobody = () => false
const dateTime = { date: { pickerAppearance: 'dayAndTime' as const } }

/**
 * The delivery log: one entry per event and endpoint, with every attempt. Written by Folio only;
 * read-only for admins, resent from the admin or the API.
 */
export const WebhookDeliveries: CollectionConfig = {
  slug: WEBHOOK_DELIVERIES,
  labels: { singular: 'Webhook delivery', plural: 'Webhook deliveries' },
  admin: {
    useAsTitle: 'eventType',
    group: 'Integrations',
    defaultColumns: ['eventType', 'endpoint', 'status', 'attempts', 'statusCode', 'durationMs', 'nextRetryAt', 'createdAt'],
    description: 'Every webhook sent, with its attempts. Kept for the configured retention.',
  },
  access: { create: nobody, read: isAdmin, update: nobody, delete: nobody },
  defaultSort: '-createdAt',
  fields: [
    { name: 'resend', type: 'ui', admin: { position: 'sidebar', components: { Field: '/admin/components/ResendDeliveryField' } } },
    { name: 'eventType', type: 'text', required: true, label: 'Event' },
    { name: 'endpoint', type: 'relationship', relationTo: WEBHOOKS, required: true, index: true },
    { name: 'event', type: 'relationship', relationTo: WEBHOOK_EVENTS, required: true, admin: { hidden: true } },
    { name: 'webhookId', type: 'text', required: true, index: true, label: 'webhook-id' },
    { name: 'status', type: 'select', options: [...DELIVERY_STATUSES], required: true, index: true },
    { name: 'attempts', type: 'number', required: true, label: 'Attempt' },
    { name: 'statusCode', type: 'number', label: 'Status code' },
    { name: 'durationMs', type: 'number', label: 'Duration (ms)' },
    { name: 'responseBody', type: 'textarea', label: 'Response (first 2 KB)' },
    { name: 'error', type: 'text' },
    { name: 'nextRetryAt', type: 'date', admin: dateTime },
    { name: 'lastAttemptAt', type: 'date', admin: dateTime },
    { name: 'succeededAt', type: 'date', admin: dateTime },
    {
      name: 'history',
      type: 'array',
      label: 'Attempts',
      fields: [
        { name: 'attempt', type: 'number' },
        { name: 'at', type: 'date', admin: dateTime },
        { name: 'statusCode', type: 'number' },
        { name: 'durationMs', type: 'number' },
        { name: 'responseBody', type: 'textarea' },
        { name: 'error', type: 'text' },
      ],
    },
    { name: 'isTest', type: 'checkbox', admin: { position: 'sidebar' } },
    // Delivery mechanics: ordering, claiming and leases.
    { name: 'orderingKey', type: 'text', required: true, admin: { hidden: true } },
    { name: 'sequence', type: 'number', required: true, admin: { hidden: true } },
    { name: 'after', type: 'text', admin: { hidden: true } },
    { name: 'revision', type: 'number', required: true, admin: { hidden: true } },
    { name: 'inFlight', type: 'checkbox', admin: { hidden: true } },
    { name: 'leaseUntil', type: 'date', admin: { hidden: true } },
  ],
}
