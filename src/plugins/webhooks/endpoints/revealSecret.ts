import { getCurrentDate, type Endpoint } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { WEBHOOKS } from '../constants'
import { findRecord } from '../lib/findRecord'
import { requireRole } from '@/access/requireRole'
import type { ResolvedWebhooksOptions } from '../types'

/** POST /api/webhooks/:id/secret — the signing secret, once. Afterwards only a rotation shows a new one. */
export const revealSecret = ({ onSecurityEvent }: ResolvedWebhooksOptions): Endpoint => ({
  path: '/:id/secret',
  method: 'post',
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
