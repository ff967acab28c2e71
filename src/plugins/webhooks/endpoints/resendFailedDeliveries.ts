import { addDataAndFileToRequest, type Endpoint } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { WEBHOOK_DELIVERIES, WEBHOOKS } from '../constants'
import { toDeliveryRecord, type EndpointRecord } from '../lib/deliveryRecords'
import { findRecord } from '../lib/findRecord'
import { requireRole } from '@/access/requireRole'
import { resendDelivery } from '../lib/resendDelivery'
import { errorResponses, idParameter, jsonResponse, type EndpointDocumentation } from '@/lib/endpointDocumentation'

/** POST /api/webhooks/:id/resend-failed with `{ "since": "<ISO date>" }` — every failed delivery of the endpoint since then. */
export const resendFailedDeliveries: Endpoint = {
  path: '/:id/resend-failed',
  method: 'post',
  custom: {
    openapi: {
      summary: 'Queue every failed delivery since a time again',
      parameters: [idParameter('endpoint')],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['since'], properties: { since: { type: 'string', format: 'date-time' } } } } } },
      responses: { 202: jsonResponse('Queue every failed delivery since a time again', { type: 'object', required: ['message', 'resent'], properties: { message: { type: 'string' }, resent: { type: 'integer' } } }), ...errorResponses({ 401: 'Not signed in', 403: 'Admins only', 404: 'No such endpoint' }) },
    } satisfies EndpointDocumentation,
  },
  handler: async (req) => {
    requireRole(req, 'admin')
    const endpoint = await findRecord<EndpointRecord>(req, WEBHOOKS)
    await addDataAndFileToRequest(req)
    const since = typeof req.data?.since === 'string' ? new Date(req.data.since) : undefined
    if (!since || Number.isNaN(since.getTime())) throw new ClientError('"since" must be an ISO 8601 date, e.g. 2026-11-20T00:00:00Z', 400)
    if (!endpoint.enabled) throw new ClientError('The endpoint is disabled; enable it before resending', 409)
    const { docs } = await req.payload.db.find({
      collection: WEBHOOK_DELIVERIES,
      where: {
        and: [
          { endpoint: { equals: endpoint.id } },
          { status: { equals: 'failed' } },
          { createdAt: { greater_than_equal: since.toISOString() } },
        ],
      },
      sort: 'sequence',
      limit: 0,
      pagination: false,
      req,
    })
    let resent = 0
    for (const doc of docs) if (await resendDelivery(req, toDeliveryRecord(doc))) resent++
    return Response.json({ message: `${resent} failed deliveries queued again`, resent }, { status: 202 })
  },
}
