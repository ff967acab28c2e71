import type { CollectionConfig, Field } from 'payload'

import { isAdmin } from '@/access/isAdmin'
import { EVENT_KINDS, WEBHOOKS } from '../constants'
import { forgetCachedEndpoints } from '../hooks/forgetCachedEndpoints'
import { noteEnabledChange } from '../hooks/noteEnabledChange'
import { prepareEndpoint } from '../hooks/prepareEndpoint'
import type { ResolvedWebhooksOptions } from '../types'
import type { AddressPolicy } from '../lib/createAddressPolicy'
import { checkWebhookUrl } from '../lib/checkWebhookUrl'
import { validateHeaderName } from '../lib/validateHeaderName'

const EVENT_LABELS: Record<(typeof EVENT_KINDS)[number], string> = {
  created: 'Document created',
  updated: 'Document updated',
  deleted: 'Document deleted',
  published: 'Document published',
  unpublished: 'Document unpublished',
  received: 'Form submission received',
}

const systemOnly = { create: () => false, update: () => false }

/** State Folio keeps about an endpoint; visible, never written through the API. */
const statusField = (field: Field): Field => ({ ...field, access: systemOnly, admin: { ...field.admin, readOnly: true, position: 'sidebar' } }) as Field

type Options = { collections: string[]; policy: AddressPolicy; onSecurityEvent: ResolvedWebhooksOptions['onSecurityEvent'] }

export function Webhooks({ collections, policy, onSecurityEvent }: Options): CollectionConfig {
  return {
    slug: WEBHOOKS,
    labels: { singular: 'Webhook', plural: 'Webhooks' },
    admin: {
      useAsTitle: 'name',
      group: 'Integrations',
      defaultColumns: ['name', 'url', 'enabled', 'events', 'failingSince'],
      description: 'Endpoints that receive signed events when content changes.',
    },
    access: { create: isAdmin, read: isAdmin, update: isAdmin, delete: isAdmin },
    hooks: { beforeChange: [prepareEndpoint], afterChange: [forgetCachedEndpoints, noteEnabledChange(onSecurityEvent)], afterDelete: [forgetCachedEndpoints] },
    fields: [
      { name: 'name', type: 'text', required: true, maxLength: 120 },
      {
        name: 'url',
        label: 'URL',
        type: 'text',
        required: true,
        maxLength: 2000,
        admin: { description: 'HTTPS URL that receives a POST per event. Redirects are not followed.' },
        validate: async (value: unknown) => (await checkWebhookUrl(value, policy)) ?? true,
      },
      {
        name: 'events',
        type: 'select',
        hasMany: true,
        required: true,
        options: EVENT_KINDS.map((kind) => ({ value: kind, label: EVENT_LABELS[kind] })),
      },
      {
        name: 'collections',
        type: 'select',
        hasMany: true,
        options: collections.map((slug) => ({ value: slug, label: slug })),
        admin: { description: 'Only events of these collections. Empty: all of them.' },
      },
      { name: 'enabled', type: 'checkbox', defaultValue: true, admin: { position: 'sidebar' } },
      {
        name: 'headers',
        type: 'array',
        admin: { description: 'Sent with every delivery, e.g. an Authorization header the receiver expects.' },
        fields: [
          { name: 'name', type: 'text', required: true, maxLength: 100, validate: validateHeaderName },
          { name: 'value', type: 'text', required: true, maxLength: 2000 },
        ],
      },
      {
        name: 'signingSecret',
        type: 'ui',
        admin: { position: 'sidebar', components: { Field: '/admin/components/WebhookSecretField' } },
      },
      {
        name: 'deliveryLog',
        type: 'ui',
        admin: { components: { Field: '/admin/components/WebhookDeliveriesField' } },
      },
      { name: 'secret', type: 'text', hidden: true, access: systemOnly },
      { name: 'previousSecret', type: 'text', hidden: true, access: systemOnly },
      { name: 'previousSecretExpiresAt', type: 'date', hidden: true, access: systemOnly },
      // Read by the secret panel (which offers "Show secret once" only until it was used), not shown itself.
      statusField({ name: 'secretShownAt', type: 'date', admin: { hidden: true } }),
      // Shown only when they say something.
      statusField({ name: 'failingSince', label: 'Failing since', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' }, condition: (data) => Boolean(data?.failingSince) } }),
      statusField({ name: 'disabledAt', label: 'Disabled at', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' }, condition: (data) => Boolean(data?.disabledAt) } }),
      statusField({ name: 'disabledReason', label: 'Why it was disabled', type: 'textarea', admin: { condition: (data) => Boolean(data?.disabledReason) } }),
    ],
  }
}
