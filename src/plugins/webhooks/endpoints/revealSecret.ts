import { getCurrentDate, type Endpoint } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { WEBHOOKS } from '../constants'
import { findRecord } from '../lib/findRecord'
import { requireRole } from '@/access/requireRole'
import type { ResolvedWebhooksOptions } from '../types'
import { errorResponses, idParameter, jsonResponse, type EndpointDocumentation } from '@/lib/endpointDocumentation'

/** POST /api/webhooks/:id/secret — the signing secret, once. Afterwards only a rotation shows a new one. */
export const revealSecret = ({ onSecurityEvent }: ResolvedWebhooksOptions): Endpoint => ({
  path: '/:id/secret',
  method: 'post',
  custom: {
    openapi: {
      summary: 'The signing secret, shown once',
      parameters: [idParameter('endpoint')],
      responses: { 200: jsonResponse('The signing secret, shown once', { type: 'object', required: ['secret'], properties: { secret: { type: 'string' } } }), ...errorResponses({ 401: 'Not signed in', 403: 'Admins only', 404: 'No such endpoint' }) },
    } satisfies EndpointDocumentation,
  },
  handler: async (req) => {
    requireRole(req, 'admin')
    const endpoint = await findRecord<{ id: string; name?: string; secret: string; secretShownAt?: string | null }>(req, WEBHOOKS)
    const shown = await req.payload.db.updateOne({
      collection: WEBHOOKS,
      where: { and: [{ id: { equals: endpoint.id } }, { secretShownAt: { exists: false } }] },
      data: { secretShownAt: getCurrentDate().toISOString() },
      req,
    })
    if (!shown) throw new ClientError('The signing secret was already shown once; rotate it to get a new one', 409)
    await onSecurityEvent(req, { action: 'secret-revealed', collection: WEBHOOKS, id: String(endpoint.id), title: endpoint.name ?? '' })
    return Response.json({ secret: endpoint.secret })
  },
})
