import type { Endpoint } from 'payload'

import { WEBHOOKS } from '../constants'
import type { EndpointRecord } from '../lib/deliveryRecords'
import { enqueueWebhookEvent } from '../lib/enqueueWebhookEvent'
import { findRecord } from '../lib/findRecord'
import { requireRole } from '@/access/requireRole'
import { errorResponses, idParameter, jsonResponse, type EndpointDocumentation } from '@/lib/endpointDocumentation'

/** POST /api/webhooks/:id/test — queues a `webhook.test` event for this endpoint only. */
export const sendTestEvent: Endpoint = {
  path: '/:id/test',
  method: 'post',
  custom: {
    openapi: {
      summary: 'Queue a webhook.test event for this endpoint only',
      parameters: [idParameter('endpoint')],
      responses: { 202: jsonResponse('Queue a webhook.test event for this endpoint only', { type: 'object', required: ['message', 'delivery'], properties: { message: { type: 'string' }, delivery: { type: 'string' } } }), ...errorResponses({ 401: 'Not signed in', 403: 'Admins only', 404: 'No such endpoint' }) },
    } satisfies EndpointDocumentation,
  },
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
