/** `folio-2026-01-31T03-00-00-000Z.tar.gz`, `.tar.gz.enc` when encrypted: what `npm run backup` and scheduled backups write. */
const BACKUP_FILE_NAME = /^folio-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.tar\.gz(\.enc)?$/

/** The archive name for a backup started at `at`: its time, sortable as text. */
export function backupFileName(at: Date, encrypted: boolean): string {
  return `folio-${at.toISOString().replace(/[:.]/g, '-')}.tar.gz${encrypted ? '.enc' : ''}`
}

/** Whether a file name is one Folio's backups write, and so one retention may delete. */
export function isBackupFileName(name: string): boolean {
  return BACKUP_FILE_NAME.test(name)
}
