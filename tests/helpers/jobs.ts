import type { Payload } from 'payload'

import { dueNow, kickJobRunner, unfinishedJobs } from '@/jobs/jobRunner'
import { waitUntil } from './waitFor'

/** Jobs running now, or due and waiting for the runner (by Folio's clock, which tests may move). */
async function busyJobs(payload: Payload): Promise<number> {
  const where = { and: [...unfinishedJobs, { or: [{ processing: { equals: true } }, dueNow()] }] }
  return (await payload.count({ collection: 'payload-jobs', where })).totalDocs
}

/**
 * Runs the job queues until nothing is due or running: after it, whatever the runner was going to do
 * by now has been done, so a test can assert what did not happen without waiting for a fixed time.
 */
export async function runJobsUntilIdle(payload: Payload): Promise<void> {
  await waitUntil(async () => (await busyJobs(payload)) === 0, 'the job queues to be idle', {
    beforeRetry: () => kickJobRunner(payload),
  })
}
