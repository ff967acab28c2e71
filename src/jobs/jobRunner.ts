import { createLocalReq, getCurrentDate, type Job, type Payload, type PayloadRequest, type TaskConfig, type Where } from 'payload'

import { whenCommitted } from '@/db/transactions'
import { recoverStalledJobs } from './recoverStalledJobs'

export type JobRunner = {
  /** Looks for due jobs now instead of at the next poll. */
  kick: () => void
  /** Runs a job this process queued for itself (queueJobHere) now, or as soon as its queue has room. */
  runHere: (queue: string, job: Job) => void
  /** How long a job queued for this process waits before any runner may take it. */
  hereFirstMs: number
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
/** Jobs queued for this process that wait in memory for room; more wait for their stored copy to fall due. */
const MAX_WAITING_HERE = 1000

export function kickJobRunner(payload: Payload): void {
  runners.get(payload)?.kick()
}

type QueueJobArgs = Extract<Parameters<Payload['jobs']['queue']>[0], { task: string }> & { queue: string; req: PayloadRequest }

/**
 * Queues a job that the process queueing it runs itself as soon as the request's transaction
 * commits, instead of waiting for a runner to find it: a webhook leaves a few milliseconds after
 * its write, not after a round of looking for due jobs, claiming the job and recording its steps.
 * The stored job is only due a while later (the runner's `stalledAfterMs`), for any runner to take
 * should this process stop first or the task fail; it is removed once the task has returned.
 * Without a runner in this process it is an ordinary job, due now. The task starts once `after`
 * (work of the same request it depends on) is done too; should that fail, the job is left to the
 * runners.
 */
export async function queueJobHere(args: QueueJobArgs, { after }: { after?: Promise<unknown> } = {}): Promise<void> {
  const runner = runners.get(args.req.payload)
  if (!runner) {
    await args.req.payload.jobs.queue(args)
    return
  }
  const job = await args.req.payload.jobs.queue({ ...args, waitUntil: new Date(getCurrentDate().getTime() + runner.hereFirstMs) })
  void Promise.all([whenCommitted(args.req), after]).then(
    ([committed]) => committed && runner.runHere(args.queue, job as Job),
    () => undefined,
  )
}

const outsideWorkflow = () => {
  throw new Error('a task run by the process that queued it has no workflow to run other tasks in')
}

/** Runs a queued job's task in this process, as Payload's runner would call it. */
async function runTask(payload: Payload, job: Job): Promise<void> {
  const task = payload.config.jobs?.tasks?.find(({ slug }) => slug === job.taskSlug) as TaskConfig | undefined
  if (typeof task?.handler !== 'function') throw new Error(`task ${String(job.taskSlug)} has no handler to run here`)
  const req = await createLocalReq({}, payload)
  await task.handler({ input: job.input, job, req, inlineTask: outsideWorkflow, tasks: outsideWorkflow } as unknown as Parameters<typeof task.handler>[0])
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
  // Due jobs may be waiting for room: a job finishing here looks for them.
  let backlog = false
  const withSchedules = scheduledQueues(payload)
  const running = new Map<string, Promise<void>>()
  const limits = new Map(queues.map(({ queue, concurrency }) => [queue, concurrency]))
  const runningIn = (queue: string) => [...running.keys()].filter((key) => key.startsWith(`${queue}:`)).length
  // Jobs queued here for this process (queueJobHere) while their queue was full, oldest first.
  const waitingHere = new Map<string, Job[]>()

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
        takeWaiting(queue)
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
      const free = concurrency - runningIn(queue)
      if (free <= 0) continue
      const due = await findDueJobs(payload, queue, free + running.size)
      if (due.length >= free) backlog = true
      for (const id of due.filter((jobId) => !running.has(`${queue}:${jobId}`)).slice(0, free)) start(queue, id)
    }
  }

  const loop = (async () => {
    while (!stopped) {
      kicked = false
      backlog = false
      try {
        await fill()
      } catch (error) {
        if (!stopped) payload.logger.error({ err: error }, 'job runner: looking for due jobs failed; retrying')
      }
      await sleep(pollIntervalMs)
    }
  })()

  /** Starts the oldest job queued here that found its queue full (runHere); whether there was one. */
  const takeWaiting = (queue: string): boolean => {
    const next = waitingHere.get(queue)?.shift()
    if (next) runHere(queue, next)
    return next !== undefined
  }

  const runHere = (queue: string, job: Job) => {
    const key = `${queue}:${job.id}`
    if (stopped || running.has(key)) return
    if (runningIn(queue) >= (limits.get(queue) ?? 0)) {
      // The queue is full: the job waits here for room (beyond MAX_WAITING_HERE, for its stored copy to fall due).
      const waiting = waitingHere.get(queue) ?? []
      if (waiting.length < MAX_WAITING_HERE) waitingHere.set(queue, [...waiting, job])
      return
    }
    const run = runTask(payload, job)
      .then(() => payload.db.deleteMany({ collection: 'payload-jobs', where: { and: [{ id: { equals: job.id } }, { processing: { equals: false } }] } }))
      .catch((error: unknown) =>
        payload.logger.error({ err: error, job: job.id }, 'job runner: a job failed in the process that queued it; a runner takes it again when its wait ends'),
      )
      .finally(() => {
        running.delete(key)
        if (!takeWaiting(queue) && backlog) kick()
      })
    running.set(key, run)
  }

  const runner: JobRunner = {
    kick,
    runHere,
    hereFirstMs: stalledAfterMs,
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
