import type { Payload } from 'payload'

import { housekeepingOf } from './housekeeping'
import { jobQueuesOf } from './jobQueues'
import { startJobRunner } from './jobRunner'
import { DEFAULT_QUEUE, EMAIL_QUEUE, WEBHOOK_QUEUE } from './queues'

const HOUSEKEEPING_EVERY_MS = 60 * 60 * 1000

export type BackgroundWork = { stop: () => Promise<void> }

/** The job runner and the periodic housekeeping the plugins registered (withHousekeeping), in one Folio process. */
export function startBackgroundWork(payload: Payload, { stalledAfterMs }: { stalledAfterMs: number }): BackgroundWork {
  const runner = startJobRunner(payload, {
    queues: [
      { queue: WEBHOOK_QUEUE, concurrency: 10 },
      { queue: EMAIL_QUEUE, concurrency: 5 },
      { queue: DEFAULT_QUEUE, concurrency: 2 },
      ...jobQueuesOf(payload),
    ],
    stalledAfterMs,
  })
  const prune = async () => {
    for (const task of housekeepingOf(payload)) {
      await task.run(payload).catch((error: unknown) => payload.logger.error({ err: error, task: task.name }, 'housekeeping failed'))
    }
  }
  const firstPrune = setTimeout(() => void prune(), 30_000).unref()
  const pruning = setInterval(() => void prune(), HOUSEKEEPING_EVERY_MS).unref()
  return {
    stop: async () => {
      clearTimeout(firstPrune)
      clearInterval(pruning)
      await runner.stop()
    },
  }
}
