/** The list of backups, owned by this plugin. */
export const BACKUPS = 'backups'

/** The task that takes a backup, and the queue it runs in (one at a time). */
export const BACKUP_TASK = 'backup'
export const BACKUP_QUEUE = 'backups'

export const BACKUP_STATUSES = ['running', 'succeeded', 'failed', 'removed'] as const
export type BackupStatus = (typeof BACKUP_STATUSES)[number]

/** `scheduled`: BACKUP_SCHEDULE; `queued`: a backup job queued by hand; `manual`: `npm run backup`. */
export const BACKUP_TRIGGERS = ['scheduled', 'queued', 'manual'] as const
export type BackupTrigger = (typeof BACKUP_TRIGGERS)[number]

/** While a backup runs, its job is marked alive this often, so no runner takes it for stalled. */
export const HEARTBEAT_MS = 5_000

export const BACKUP_DEFAULTS = { keep: 7, usersCollection: 'users' }
