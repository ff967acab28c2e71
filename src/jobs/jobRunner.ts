import type { Payload } from 'payload'

import { recoverStalledJobs } from './recoverStalledJobs'

export type JobRunner = {
  /** Looks for due jobs now instead of at the next poll. */
  kick: () => void
  /** Stops polling and waits for the jobs being run to finish. */
  stop: () => Promise<void>
}

type Options = {
  queues: string[]
  /** How often idle queues are polled. */
  pollIntervalMs?: number
  /** Jobs run at once per queue. */
  batchSize?: number
  /** A job marked as processing for longer than this was left by a process that died. */
  stalledAfterMs: number
}

const runners = new WeakMap<Payload, JobRunner>()

export function kickJobRunner(payload: Payload): void {
  runners.get(payload)?.kick()
}

/**
 * Runs Folio's job queues in this process: polls each queue, runs due jobs in parallel batches,
 * and puts jobs back that a killed process left marked as processing.
 */
export function startJobRunner(payload: Payload, { queues, pollIntervalMs = 1000, batchSize = 20, stalledAfterMs }: Options): JobRunner {
  let stopped = false
  let kicked = false
  let wake: (() => void) | undefined
  let lastRecovery = 0

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (kicked || stopped) return resolve()
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wake = undefined
        resolve()
      }
      wake = done
    })

  const runOnce = async (): Promise<boolean> => {
    const now = Date.now()
    if (now - lastRecovery >= Math.min(stalledAfterMs / 2, 5000)) {
      lastRecovery = now
      await recoverStalledJobs(payload, { queues, stalledAfterMs })
    }
    let ranAny = false
    await Promise.all(
      queues.map(async (queue) => {
        const result = await payload.jobs.run({ queue, limit: batchSize, silent: true })
        if (!result.noJobsRemaining) ranAny = true
      }),
    )
    return ranAny
  }

  const loop = (async () => {
    while (!stopped) {
      kicked = false
      try {
        const ranAny = await runOnce()
        if (!ranAny) await pause(pollIntervalMs)
      } catch (error) {
        if (stopped) break
        payload.logger.error({ err: error }, 'job runner: polling failed; retrying')
        await pause(pollIntervalMs)
      }
    }
  })()

  const runner: JobRunner = {
    kick: () => {
      kicked = true
      wake?.()
    },
    stop: async () => {
      stopped = true
      wake?.()
      await loop
      runners.delete(payload)
    },
  }
  runners.set(payload, runner)
  return runner
}
