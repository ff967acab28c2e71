import type { Endpoint } from 'payload'

import { WEBHOOKS } from '../constants'
import type { EndpointRecord } from '../lib/deliveryRecords'
import { enqueueWebhookEvent } from '../lib/enqueueWebhookEvent'
import { findRecord } from '../lib/findRecord'
import { requireRole } from '@/access/requireRole'

/** POST /api/webhooks/:id/test — queues a `webhook.test` event for this endpoint only. */
export const sendTestEvent: Endpoint = {
  path: '/:id/test',
  method: 'post',
  handler: async (req) => {
    requireRole(req, 'admin')
    const endpoint = await findRecord<EndpointRecord>(req, WEBHOOKS)
    const [deliveryId] = await enqueueWebhookEvent(req, {
      kind: 'test',
      collection: null,
      id: null,
      endpointId: endpoint.id,
      document: { message: `Test event for "${endpoint.name}" sent by ${req.user?.email ?? 'an admin'}` },
    })
    return Response.json({ message: 'Test event queued', delivery: deliveryId }, { status: 202 })
  },
}
