import type { PayloadRequest } from 'payload'

export type BackupEvent = {
  action: 'backup' | 'backup-failed'
  collection: string
  id: string
  /** The archive's file name. */
  title: string
  /** Size and counts, or why it failed. */
  details: string
}

export type BackupsPluginOptions = {
  /** The database backed up (a MongoDB connection string). */
  databaseUri: string
  /** A cron expression (Payload's job `schedule`); unset, no backup is taken by itself. */
  schedule?: string
  /** Where archives are written. */
  dir: string
  /** How many of the newest archives in `dir` are kept; older ones Folio wrote are deleted. */
  keep?: number
  /** Encrypts archives when set. */
  passphrase?: string
  /** The uploads folder; unset, the archives hold no files (and say why: `mediaExcludedReason`). */
  mediaDir?: string
  mediaExcludedReason?: string
  /** Whose admins are emailed when a backup fails. */
  usersCollection?: string
  /** Told of every backup taken or failed (the audit log). */
  onEvent?: (req: PayloadRequest, event: BackupEvent) => Promise<void>
}

export type ResolvedBackupsOptions = Required<Omit<BackupsPluginOptions, 'schedule' | 'passphrase' | 'mediaDir' | 'mediaExcludedReason'>> &
  Pick<BackupsPluginOptions, 'schedule' | 'passphrase' | 'mediaDir' | 'mediaExcludedReason'>
