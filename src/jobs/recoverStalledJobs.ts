import type { Payload } from 'payload'

/**
 * Payload marks a job as processing when a runner takes it and never looks at it again if that
 * process dies. Jobs processing for longer than any task may take are put back in the queue;
 * the tasks themselves guard against running an attempt twice.
 */
export async function recoverStalledJobs(payload: Payload, { queues, stalledAfterMs }: { queues: string[]; stalledAfterMs: number }): Promise<number> {
  // Payload stamps updatedAt with the wall clock, so the wall clock decides what is stalled.
  const stalledBefore = new Date(Date.now() - stalledAfterMs).toISOString()
  const { docs } = await payload.db.find({
    collection: 'payload-jobs',
    where: {
      and: [
        { queue: { in: queues } },
        { processing: { equals: true } },
        { updatedAt: { less_than: stalledBefore } },
      ],
    },
    limit: 100,
    pagination: false,
  })
  for (const job of docs) {
    await payload.db.updateOne({
      collection: 'payload-jobs',
      id: job.id as string,
      data: { processing: false },
      returning: false,
    })
  }
  if (docs.length > 0) payload.logger.warn({ jobs: docs.map((job) => job.id), queues }, 'job runner: requeued jobs left processing by a stopped process')
  return docs.length
}
