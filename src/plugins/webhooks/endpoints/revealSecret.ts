import { getCurrentDate, type Endpoint } from 'payload'

import { ClientError } from '../../../errors/ClientError'
import { WEBHOOKS } from '../constants'
import { findRecord } from '../lib/findRecord'
import { requireAdmin } from '../lib/requireAdmin'

/** POST /api/webhooks/:id/secret — the signing secret, once. Afterwards only a rotation shows a new one. */
export const revealSecret: Endpoint = {
  path: '/:id/secret',
  method: 'post',
  handler: async (req) => {
    requireAdmin(req)
    const endpoint = await findRecord<{ id: string; secret: string; secretShownAt?: string | null }>(req, WEBHOOKS)
    const shown = await req.payload.db.updateOne({
      collection: WEBHOOKS,
      where: { and: [{ id: { equals: endpoint.id } }, { secretShownAt: { exists: false } }] },
      data: { secretShownAt: getCurrentDate().toISOString() },
      req,
    })
    if (!shown) throw new ClientError('The signing secret was already shown once; rotate it to get a new one', 409)
    return Response.json({ secret: endpoint.secret })
  },
}
