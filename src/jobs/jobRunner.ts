import { getCurrentDate, type Payload, type Where } from 'payload'

import { recoverStalledJobs } from './recoverStalledJobs'

export type JobRunner = {
  /** Looks for due jobs now instead of at the next poll. */
  kick: () => void
  /** Stops taking jobs and waits for the running ones to finish. */
  stop: () => Promise<void>
}

export type QueueConcurrency = { queue: string; concurrency: number }

type Options = {
  queues: QueueConcurrency[]
  /** How often idle queues are polled. */
  pollIntervalMs?: number
  /** A job marked as processing for longer than this was left by a process that died. */
  stalledAfterMs: number
  /** How often tasks' cron schedules (`schedule` on a task) are turned into queued jobs. */
  scheduleIntervalMs?: number
}

const runners = new WeakMap<Payload, JobRunner>()

export function kickJobRunner(payload: Payload): void {
  runners.get(payload)?.kick()
}

/** Jobs not finished and not failed for good, the conditions Payload's own runner uses. */
export const unfinishedJobs: Where[] = [{ completedAt: { exists: false } }, { hasError: { not_equals: true } }]

/** Jobs whose time has come, by Folio's clock. */
export const dueNow = (): Where => ({ or: [{ waitUntil: { exists: false } }, { waitUntil: { less_than: getCurrentDate().toISOString() } }] })

/** The queues tasks and workflows with a cron schedule (Payload's `schedule`) are queued in. */
function scheduledQueues(payload: Payload): Set<string> {
  const { tasks = [], workflows = [] } = payload.config.jobs ?? {}
  return new Set([...tasks, ...workflows].flatMap((item) => (item.schedule ?? []).map(({ queue }) => queue)))
}

/** Due jobs of a queue, oldest first. */
async function findDueJobs(payload: Payload, queue: string, limit: number): Promise<string[]> {
  const { docs } = await payload.db.find({
    collection: 'payload-jobs',
    where: { and: [{ queue: { equals: queue } }, ...unfinishedJobs, { processing: { equals: false } }, dueNow()] },
    sort: 'createdAt',
    limit,
    pagination: false,
  })
  return docs.map((job) => String(job.id))
}

/**
 * Runs Folio's job queues in this process. One loop finds due jobs and starts each by id, up to
 * a concurrency per queue, so a slow job (a receiver taking its full timeout) holds up no other,
 * and no two jobs of this process ever run the same job. Jobs a killed process left marked as
 * processing are put back in the queue. Tasks with a cron `schedule` get their next run queued
 * every few seconds.
 */
export function startJobRunner(payload: Payload, { queues, pollIntervalMs = 1000, stalledAfterMs, scheduleIntervalMs = 5000 }: Options): JobRunner {
  let stopped = false
  let wake: (() => void) | undefined
  let kicked = false
  let lastRecovery = 0
  let lastScheduling = 0
  const withSchedules = scheduledQueues(payload)
  const running = new Map<string, Promise<void>>()

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped || kicked) return resolve()
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wake = undefined
        resolve()
      }
      wake = done
    })

  const kick = () => {
    kicked = true
    wake?.()
  }

  const start = (queue: string, id: string) => {
    const key = `${queue}:${id}`
    const run = payload.jobs
      .runByID({ id, silent: true })
      .then(() => undefined)
      .catch((error: unknown) => payload.logger.error({ err: error, job: id }, 'job runner: the job failed to run'))
      .finally(() => {
        running.delete(key)
        // A scheduled job done: its schedule's next run is queued now rather than at the next interval.
        if (withSchedules.has(queue)) lastScheduling = 0
        kick()
      })
    running.set(key, run)
  }

  const fill = async (): Promise<void> => {
    if (Date.now() - lastRecovery >= Math.min(stalledAfterMs / 2, 5000)) {
      lastRecovery = Date.now()
      await recoverStalledJobs(payload, { queues: queues.map(({ queue }) => queue), stalledAfterMs })
    }
    // Payload queues the next run of each schedule once none is waiting (its default beforeSchedule).
    // Every instance does this, so two may queue the same run: a task that must run once claims its slot.
    if (withSchedules.size > 0 && Date.now() - lastScheduling >= scheduleIntervalMs) {
      lastScheduling = Date.now()
      await payload.jobs.handleSchedules({ allQueues: true })
    }
    for (const { queue, concurrency } of queues) {
      const runningHere = [...running.keys()].filter((id) => id.startsWith(`${queue}:`)).length
      const free = concurrency - runningHere
      if (free <= 0) continue
      const due = await findDueJobs(payload, queue, free + running.size)
      for (const id of due.filter((jobId) => !running.has(`${queue}:${jobId}`)).slice(0, free)) start(queue, id)
    }
  }

  const loop = (async () => {
    while (!stopped) {
      kicked = false
      try {
        await fill()
      } catch (error) {
        if (!stopped) payload.logger.error({ err: error }, 'job runner: looking for due jobs failed; retrying')
      }
      await sleep(pollIntervalMs)
    }
  })()

  const runner: JobRunner = {
    kick,
    stop: async () => {
      stopped = true
      wake?.()
      await loop
      await Promise.all(running.values())
      runners.delete(payload)
    },
  }
  runners.set(payload, runner)
  return runner
}
