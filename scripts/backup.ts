// npm run backup: writes one archive of Folio's data, every collection of the database (documents,
// versions, globals, migrations, preferences, jobs, search index, audit log) and the uploaded files.
//
//   npm run backup [-- --out <file>] [--passphrase-env VAR] [--no-media]
//
// Without MONGODB_URI it reads the local database (.data/local-db), which needs Folio stopped. With a
// passphrase (FOLIO_BACKUP_PASSPHRASE, or the variable --passphrase-env names) the archive is encrypted.
import path from 'node:path'

import { loadEnv } from 'payload/node'

import { createBackup } from '../src/backup'
import { runBackupCommand } from '../src/backup/runBackupCommand'

loadEnv()

await runBackupCommand({ out: { type: 'string' }, 'no-media': { type: 'boolean' } }, async ({ uri, settings, values, passphrase }) => {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const out = typeof values.out === 'string' ? values.out : path.join('backups', `folio-${stamp}.tar.gz${passphrase ? '.enc' : ''}`)
  const mediaExcludedReason = values['no-media'] ? '--no-media' : settings.s3 ? `uploads are in the S3 bucket ${settings.s3.bucket}; back it up on its own` : undefined
  if (settings.s3 && !values['no-media']) console.log(`Uploads are in S3 (${settings.s3.bucket}): the archive holds the database only; back up the bucket on its own.`)
  await createBackup({ uri, out, passphrase, mediaDir: mediaExcludedReason ? undefined : settings.mediaDir, mediaExcludedReason })
})
