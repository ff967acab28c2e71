import { getCurrentDate, type Payload } from 'payload'

import { kickJobRunner } from '@/jobs/jobRunner'
import { waitUntil } from './waitFor'

/** Jobs running now, or due and waiting for the runner (by Folio's clock, which tests may move). */
async function busyJobs(payload: Payload): Promise<number> {
  const { totalDocs } = await payload.count({
    collection: 'payload-jobs',
    where: {
      and: [
        { completedAt: { exists: false } },
        { hasError: { not_equals: true } },
        {
          or: [
            { processing: { equals: true } },
            { waitUntil: { exists: false } },
            { waitUntil: { less_than: getCurrentDate().toISOString() } },
          ],
        },
      ],
    },
  })
  return totalDocs
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
