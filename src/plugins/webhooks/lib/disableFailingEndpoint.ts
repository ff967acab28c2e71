import { getCurrentDate, type PayloadRequest } from 'payload'

import { queueEmail } from '@/jobs/queueEmail'
import { adminEmails } from '@/lib/adminEmails'
import { WEBHOOK_DELIVERIES, WEBHOOKS } from '../constants'
import type { EndpointRecord } from './deliveryRecords'
import type { ResolvedWebhooksOptions } from '../types'
import { forgetEndpoints } from './endpointCache'

/** Turns off an endpoint that has failed for too long and emails every admin about it. */
type Options = { since: string; lastError: string; onSecurityEvent: ResolvedWebhooksOptions['onSecurityEvent'] }

export async function disableFailingEndpoint(req: PayloadRequest, endpoint: EndpointRecord, { since, lastError, onSecurityEvent }: Options) {
  const { payload } = req
  const now = getCurrentDate()
  // A success the streak missed (another process cleared it a moment too late) starts it over.
  const succeededSince = await payload.db.count({
    collection: WEBHOOK_DELIVERIES,
    where: { and: [{ endpoint: { equals: endpoint.id } }, { succeededAt: { greater_than: since } }, { isTest: { not_equals: true } }] },
  })
  if (succeededSince.totalDocs > 0) {
    await payload.db.updateOne({ collection: WEBHOOKS, id: endpoint.id, data: { failingSince: now.toISOString() }, returning: false })
    forgetEndpoints(payload)
    return
  }
  const reason = `failing since ${since}; last error: ${lastError}`
  const disabled = await payload.db.updateOne({
    collection: WEBHOOKS,
    where: { and: [{ id: { equals: endpoint.id } }, { enabled: { equals: true } }] },
    data: { enabled: false, disabledAt: now.toISOString(), disabledReason: reason },
  })
  forgetEndpoints(payload)
  // Another attempt disabled it first and has sent the email.
  if (!disabled) return
  payload.logger.warn({ endpoint: endpoint.id, url: endpoint.url, since, lastError }, 'webhook endpoint disabled after failing continuously')
  await onSecurityEvent(req, { action: 'endpoint-disabled', collection: WEBHOOKS, id: endpoint.id, title: endpoint.name })

  const to = await adminEmails(payload)
  if (to.length === 0) return
  const adminUrl = `${payload.config.serverURL}${payload.config.routes.admin}/collections/${WEBHOOKS}/${endpoint.id}`
  await queueEmail(req, {
    to,
    subject: `Folio disabled the webhook "${endpoint.name}"`,
    text: [
      `The webhook endpoint "${endpoint.name}" (${endpoint.url}) has failed every delivery since ${since} and was disabled.`,
      `Last error: ${lastError}`,
      '',
      'Events are no longer sent to it. Once the receiver works again, enable the endpoint and resend the failed deliveries:',
      adminUrl,
    ].join('\n'),
  })
}
