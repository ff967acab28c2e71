// npm run backup: writes one archive of Folio's data, every collection of the database (documents,
// versions, globals, migrations, preferences, jobs, search index, audit log) and the uploaded files.
//
//   npm run backup [-- --out <file>] [--passphrase-env VAR] [--no-media]
//
// Written to BACKUP_DIR (default backups/) unless --out names a file; listed in the admin's Backups.
// Without MONGODB_URI it reads the local database (.data/local-db), which needs Folio stopped. With a
// passphrase (FOLIO_BACKUP_PASSPHRASE, or the variable --passphrase-env names) the archive is encrypted.
import path from 'node:path'

import { loadEnv } from 'payload/node'

import { createBackup } from '../src/backup'
import { backupFileName } from '../src/backup/backupFileName'
import { runBackupCommand } from '../src/backup/runBackupCommand'
import { recordManualBackup } from '../src/plugins/backups/lib/recordManualBackup'

loadEnv()

await runBackupCommand({ out: { type: 'string' }, 'no-media': { type: 'boolean' } }, async ({ uri, settings, values, passphrase }) => {
  const startedAt = new Date()
  const out = typeof values.out === 'string' ? values.out : path.join(settings.backups.dir, backupFileName(startedAt, Boolean(passphrase)))
  const mediaExcludedReason = values['no-media'] ? '--no-media' : settings.s3 ? `uploads are in the S3 bucket ${settings.s3.bucket}; back it up on its own` : undefined
  if (settings.s3 && !values['no-media']) console.log(`Uploads are in S3 (${settings.s3.bucket}): the archive holds the database only; back up the bucket on its own.`)
  const result = await createBackup({ uri, out, passphrase, mediaDir: mediaExcludedReason ? undefined : settings.mediaDir, mediaExcludedReason })
  // Listed in the admin beside the scheduled ones; the archive is written whether or not this works.
  await recordManualBackup(uri, result, startedAt).catch((error: Error) => console.error(`The backup is written but could not be listed in the admin: ${error.message}`))
})
