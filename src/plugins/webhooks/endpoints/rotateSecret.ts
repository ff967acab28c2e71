import { getCurrentDate, type Endpoint } from 'payload'

import { WEBHOOKS } from '../constants'
import { forgetEndpoints } from '../lib/endpointCache'
import { findRecord } from '../lib/findRecord'
import { generateSigningSecret } from '../lib/generateSigningSecret'
import { requireRole } from '@/access/requireRole'
import type { ResolvedWebhooksOptions } from '../types'
import { errorResponses, idParameter, jsonResponse, type EndpointDocumentation } from '@/lib/endpointDocumentation'

/** How long the replaced secret keeps signing beside the new one. */
export const PREVIOUS_SECRET_VALID_MS = 24 * 60 * 60 * 1000

/** POST /api/webhooks/:id/rotate-secret — a new secret, shown in this answer only. */
export const rotateSecret = ({ onSecurityEvent }: ResolvedWebhooksOptions): Endpoint => ({
  path: '/:id/rotate-secret',
  method: 'post',
  custom: {
    openapi: {
      summary: 'A new signing secret; the old one signs beside it for a while',
      parameters: [idParameter('endpoint')],
      responses: { 200: jsonResponse('A new signing secret; the old one signs beside it for a while', { type: 'object', required: ['secret', 'previousSecretExpiresAt'], properties: { secret: { type: 'string' }, previousSecretExpiresAt: { type: 'string', format: 'date-time' } } }), ...errorResponses({ 401: 'Not signed in', 403: 'Admins only', 404: 'No such endpoint' }) },
    } satisfies EndpointDocumentation,
  },
  handler: async (req) => {
    requireRole(req, 'admin')
    const endpoint = await findRecord<{ id: string; name?: string; secret: string }>(req, WEBHOOKS)
    const now = getCurrentDate()
    const secret = generateSigningSecret()
    const previousSecretExpiresAt = new Date(now.getTime() + PREVIOUS_SECRET_VALID_MS).toISOString()
    await req.payload.db.updateOne({
      collection: WEBHOOKS,
      id: endpoint.id,
      data: { secret, previousSecret: endpoint.secret, previousSecretExpiresAt, secretShownAt: now.toISOString() },
      req,
    })
    forgetEndpoints(req.payload)
    await onSecurityEvent(req, { action: 'secret-rotated', collection: WEBHOOKS, id: String(endpoint.id), title: endpoint.name ?? '' })
    return Response.json({ secret, previousSecretExpiresAt })
  },
})
