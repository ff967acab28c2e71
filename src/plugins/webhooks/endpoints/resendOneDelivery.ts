import type { Endpoint } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { WEBHOOK_DELIVERIES, WEBHOOKS } from '../constants'
import { toDeliveryRecord } from '../lib/deliveryRecords'
import { findRecord } from '../lib/findRecord'
import { requireRole } from '@/access/requireRole'
import { resendDelivery } from '../lib/resendDelivery'
import { errorResponses, idParameter, jsonResponse, type EndpointDocumentation } from '@/lib/endpointDocumentation'

/** POST /api/webhook-deliveries/:id/resend */
export const resendOneDelivery: Endpoint = {
  path: '/:id/resend',
  method: 'post',
  custom: {
    openapi: {
      summary: 'Queue one delivery again, under the same webhook-id',
      parameters: [idParameter('endpoint')],
      responses: { 202: jsonResponse('Queue one delivery again, under the same webhook-id', { type: 'object', required: ['message', 'delivery'], properties: { message: { type: 'string' }, delivery: { type: 'string' } } }), ...errorResponses({ 401: 'Not signed in', 403: 'Admins only', 404: 'No such endpoint' }) },
    } satisfies EndpointDocumentation,
  },
  handler: async (req) => {
    requireRole(req, 'admin')
    const delivery = toDeliveryRecord(await findRecord<Record<string, unknown>>(req, WEBHOOK_DELIVERIES))
    const endpoint = await req.payload.db.findOne<{ id: string; enabled?: boolean }>({ collection: WEBHOOKS, where: { id: { equals: delivery.endpoint } }, req })
    if (!endpoint) throw new ClientError('The endpoint of this delivery was deleted', 409)
    if (!endpoint.enabled && !delivery.isTest) throw new ClientError('The endpoint is disabled; enable it before resending', 409)
    if (!(await resendDelivery(req, delivery))) throw new ClientError('The delivery is still pending; it will be sent', 409)
    return Response.json({ message: 'Delivery queued again', delivery: delivery.id }, { status: 202 })
  },
}
