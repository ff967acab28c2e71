import { addDataAndFileToRequest, type Endpoint } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { WEBHOOK_DELIVERIES, WEBHOOKS } from '../constants'
import { toDeliveryRecord, type EndpointRecord } from '../lib/deliveryRecords'
import { findRecord } from '../lib/findRecord'
import { requireRole } from '@/access/requireRole'
import { resendDelivery } from '../lib/resendDelivery'

/** POST /api/webhooks/:id/resend-failed with `{ "since": "<ISO date>" }` — every failed delivery of the endpoint since then. */
export const resendFailedDeliveries: Endpoint = {
  path: '/:id/resend-failed',
  method: 'post',
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
