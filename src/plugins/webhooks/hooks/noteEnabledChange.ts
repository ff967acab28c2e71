import type { CollectionAfterChangeHook } from 'payload'

import type { Webhook } from '@payload-types'
import type { ResolvedWebhooksOptions } from '../types'

/** An endpoint switched on or off by an admin is reported (the audit log records it). */
export const noteEnabledChange =
  (onSecurityEvent: ResolvedWebhooksOptions['onSecurityEvent']): CollectionAfterChangeHook<Webhook> =>
  async ({ collection, doc, operation, previousDoc, req }) => {
    if (operation !== 'update' || Boolean(previousDoc?.enabled) === Boolean(doc.enabled)) return doc
    await onSecurityEvent(req, { action: doc.enabled ? 'endpoint-enabled' : 'endpoint-disabled', collection: collection.slug, id: String(doc.id), title: String(doc.name ?? '') })
    return doc
  }
