import type { Config } from 'payload'

import { withJobQueue } from '@/jobs/jobQueues'
import { Backups } from './collections/Backups'
import { BACKUP_DEFAULTS, BACKUP_QUEUE } from './constants'
import { backupTask } from './tasks/backupTask'
import type { BackupsPluginOptions, ResolvedBackupsOptions } from './types'

export type { BackupsPluginOptions, BackupEvent } from './types'
export { BACKUPS } from './constants'
export { backupRecord } from './lib/backupRecord'

/**
 * Scheduled backups: the `backup` task writes an archive of the database and uploads (Folio's
 * createBackup) at each time of `schedule`, keeps the `keep` newest archives, and lists every run in
 * the admin-only `backups` collection; failures are reported (`onEvent`) and emailed to admins.
 * Runs in its own queue, one backup at a time. Without a schedule it keeps its collection and task.
 */
export const backups =
  (pluginOptions: BackupsPluginOptions) =>
  (config: Config): Config => {
    const options: ResolvedBackupsOptions = { ...BACKUP_DEFAULTS, onEvent: () => Promise.resolve(), ...pluginOptions }
    return withJobQueue(
      {
        ...config,
        collections: [...(config.collections ?? []), Backups],
        jobs: { ...config.jobs, tasks: [...(config.jobs?.tasks ?? []), backupTask(options)] },
      },
      { queue: BACKUP_QUEUE, concurrency: 1 },
    )
  }
