import { getCurrentDate, type PayloadRequest } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { kickJobRunner } from '@/jobs/jobRunner'
import { WEBHOOK_QUEUE } from '@/jobs/queues'
import { DELIVER_WEBHOOK_TASK, WEBHOOK_DELIVERIES } from '../constants'
import type { DeliveryRecord } from './deliveryRecords'

/**
 * Sends a finished delivery again as its next attempt, with the same webhook-id so receivers can
 * recognise it. Returns false when it is still pending (already going to be sent).
 */
export async function resendDelivery(req: PayloadRequest, delivery: DeliveryRecord): Promise<boolean> {
  if (delivery.status === 'pending') return false
  const reopened = await req.payload.db.updateOne({
    collection: WEBHOOK_DELIVERIES,
    where: { and: [{ id: { equals: delivery.id } }, { revision: { equals: delivery.revision } }] },
    data: { status: 'pending', nextRetryAt: getCurrentDate().toISOString(), revision: delivery.revision + 1 },
    req,
  })
  if (!reopened) throw new ClientError('The delivery changed while being resent; try again', 409)
  await req.payload.jobs.queue({ task: DELIVER_WEBHOOK_TASK, queue: WEBHOOK_QUEUE, input: { deliveryId: delivery.id, attempt: delivery.attempts + 1 }, req })
  kickJobRunner(req.payload)
  return true
}
