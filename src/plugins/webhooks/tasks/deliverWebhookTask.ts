import type { TaskConfig } from 'payload'

import { DELIVER_WEBHOOK_TASK } from '../constants'
import type { ResolvedWebhooksOptions } from '../types'
import type { AddressPolicy } from '../lib/createAddressPolicy'
import { deliverWebhook } from '../lib/deliverWebhook'

/**
 * One attempt of one webhook delivery. A receiver's failure is recorded and the next attempt
 * queued by the delivery itself (on Folio's schedule, after the documents ahead of it); the
 * task's own retries only cover errors of Folio's database.
 */
export function deliverWebhookTask(options: ResolvedWebhooksOptions, policy: AddressPolicy): TaskConfig<{ input: { deliveryId: string; attempt: number }; output: object }> {
  return {
    slug: DELIVER_WEBHOOK_TASK,
    label: 'Deliver webhook',
    inputSchema: [
      { name: 'deliveryId', type: 'text', required: true },
      { name: 'attempt', type: 'number', required: true },
    ],
    retries: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 } },
    handler: async ({ input, req }) => {
      await deliverWebhook({ req, options, policy }, input)
      return { output: {} }
    },
  }
}
