import type { Payload } from 'payload'

import { pruneAuditLog } from '../plugins/auditLog'
import { pruneWebhookLog } from '../plugins/webhooks'
import type { Settings } from '../settings'
import { startJobRunner } from './jobRunner'
import { DEFAULT_QUEUE, EMAIL_QUEUE, WEBHOOK_QUEUE } from './queues'

const PRUNE_EVERY_MS = 60 * 60 * 1000

export type BackgroundWork = { stop: () => Promise<void> }

/** The job runner and periodic housekeeping of one Folio process. */
export function startBackgroundWork(payload: Payload, settings: Pick<Settings, 'webhooks' | 'auditLog'>): BackgroundWork {
  const runner = startJobRunner(payload, {
    queues: [
      { queue: WEBHOOK_QUEUE, concurrency: 10 },
      { queue: EMAIL_QUEUE, concurrency: 5 },
      { queue: DEFAULT_QUEUE, concurrency: 2 },
    ],
    // Longer than a delivery can take (its timeout), and than an email with the SMTP timeouts.
    stalledAfterMs: 2 * settings.webhooks.timeoutMs + 10_000,
  })
  const prune = async () => {
    await pruneWebhookLog(payload, settings.webhooks.retentionMs).catch((error: unknown) => payload.logger.error({ err: error }, 'pruning the webhook log failed'))
    await pruneAuditLog(payload, settings.auditLog.retentionMs).catch((error: unknown) => payload.logger.error({ err: error }, 'pruning the audit log failed'))
  }
  const firstPrune = setTimeout(prune, 30_000).unref()
  const pruning = setInterval(prune, PRUNE_EVERY_MS).unref()
  return {
    stop: async () => {
      clearTimeout(firstPrune)
      clearInterval(pruning)
      await runner.stop()
    },
  }
}
