import { getCurrentDate, type Endpoint } from 'payload'

import { WEBHOOKS } from '../constants'
import { forgetEndpoints } from '../lib/endpointCache'
import { findRecord } from '../lib/findRecord'
import { generateSigningSecret } from '../lib/generateSigningSecret'
import { requireAdmin } from '../lib/requireAdmin'

/** How long the replaced secret keeps signing beside the new one. */
export const PREVIOUS_SECRET_VALID_MS = 24 * 60 * 60 * 1000

/** POST /api/webhooks/:id/rotate-secret — a new secret, shown in this answer only. */
export const rotateSecret: Endpoint = {
  path: '/:id/rotate-secret',
  method: 'post',
  handler: async (req) => {
    requireAdmin(req)
    const endpoint = await findRecord<{ id: string; secret: string }>(req, WEBHOOKS)
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
    return Response.json({ secret, previousSecretExpiresAt })
  },
}
