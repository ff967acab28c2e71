import fs from 'node:fs'
import path from 'node:path'

import { getCurrentDate, type Payload } from 'payload'

import { isBackupFileName } from '@/backup/backupFileName'
import { BACKUPS } from '../constants'

/**
 * Deletes the archives in `dir` beyond the `keep` newest, oldest first, and marks their rows in the
 * list as removed. Only files named as Folio's backups name them count and are touched: anything
 * else in the folder is left alone. Returns the names deleted.
 */
export async function pruneBackups(payload: Payload, { dir, keep }: { dir: string; keep: number }): Promise<string[]> {
  const archives = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && isBackupFileName(entry.name))
    .map((entry) => entry.name)
    // The name starts with the time the backup started, so text order is age order.
    .sort()
  const removed: string[] = []
  for (const name of archives.slice(0, Math.max(0, archives.length - keep))) {
    try {
      fs.rmSync(path.join(dir, name))
      removed.push(name)
    } catch (error) {
      payload.logger.warn({ err: error, file: name, dir }, 'backups: could not delete an archive beyond BACKUP_KEEP')
    }
  }
  if (removed.length) {
    await payload.db.updateMany({
      collection: BACKUPS,
      where: { and: [{ fileName: { in: removed } }, { directory: { equals: dir } }, { status: { equals: 'succeeded' } }] },
      data: { status: 'removed', removedAt: getCurrentDate().toISOString() },
    })
    payload.logger.info({ removed, dir }, 'backups: deleted archives beyond BACKUP_KEEP')
  }
  return removed
}
