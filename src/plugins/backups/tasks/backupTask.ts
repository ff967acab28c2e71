import type { TaskConfig } from 'payload'

import { BACKUP_QUEUE, BACKUP_TASK } from '../constants'
import { takeBackup } from '../lib/takeBackup'
import type { ResolvedBackupsOptions } from '../types'

/**
 * Takes a backup (takeBackup): at each time of the cron schedule, when one is set (Payload's
 * `schedule`, queued by the job runner), or when an admin queues the task. A scheduled run is
 * named by its time, so of several instances that each queued it, or a run requeued after its
 * process died, only the first takes it. A failure is recorded and emailed, not retried.
 */
export const backupTask = (options: ResolvedBackupsOptions): TaskConfig<{ input: object; output: { status: string; fileName?: string; error?: string } }> => ({
  slug: BACKUP_TASK,
  label: 'Back up the database and uploads',
  // Always a list, empty without a schedule, so the config (and its generated types) is the same either way.
  schedule: options.schedule ? [{ cron: options.schedule, queue: BACKUP_QUEUE }] : [],
  outputSchema: [
    { name: 'status', type: 'text', required: true },
    { name: 'fileName', type: 'text' },
    { name: 'error', type: 'text' },
  ],
  retries: 0,
  handler: async ({ job, req }) => {
    const isScheduled = Boolean((job.meta as { scheduled?: boolean } | undefined)?.scheduled)
    const runKey = isScheduled && job.waitUntil ? `scheduled:${new Date(job.waitUntil).toISOString()}` : `job:${job.id}`
    const run = await takeBackup(req, options, { runKey, trigger: isScheduled ? 'scheduled' : 'queued', jobId: job.id })
    return { output: run }
  },
})
