import { MongoClient, ObjectId } from 'mongodb'

import type { BackupResult } from '@/backup'
import { BACKUPS } from '../constants'
import { backupRecord } from './backupRecord'

/**
 * Lists a backup `npm run backup` took in the admin's list of backups, as the scheduled ones are.
 * Written with the driver, as Payload's Mongo adapter stores a document: the script runs without
 * Payload. The archive does not list itself: the row is written after it.
 */
export async function recordManualBackup(uri: string, result: BackupResult, startedAt: Date): Promise<void> {
  const client = new MongoClient(uri)
  try {
    await client.connect()
    const now = new Date()
    const { fileName, ...record } = backupRecord(result)
    await client.db().collection(BACKUPS).insertOne({
      _id: new ObjectId(),
      fileName,
      ...record,
      trigger: 'manual',
      startedAt,
      finishedAt: now,
      runKey: `manual:${fileName}`,
      createdAt: now,
      updatedAt: now,
    })
  } finally {
    await client.close()
  }
}
