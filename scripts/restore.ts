// npm run restore: puts an archive written by `npm run backup` back: database and uploaded files.
//
//   npm run restore <archive> [-- --force] [--passphrase-env VAR]
//
// The whole archive is checked (and decrypted) before anything is written. A database that holds
// documents is refused unless --force, which replaces it. Without MONGODB_URI it restores into the
// local database (.data/local-db), which needs Folio stopped; stop or restart every Folio instance
// using the database, so none answers from its in-memory cache.
import { loadEnv } from 'payload/node'

import { restoreBackup } from '../src/backup'
import { runBackupCommand, UsageError } from '../src/backup/runBackupCommand'

loadEnv()

await runBackupCommand({ force: { type: 'boolean' } }, async ({ uri, settings, values, positionals, passphrase }) => {
  const [archive, ...extra] = positionals
  if (!archive || extra.length) throw new UsageError('Usage: npm run restore <archive> [-- --force] [--passphrase-env VAR]')
  if (settings.s3) console.log(`Uploads are in S3 (${settings.s3.bucket}): files in the archive are not restored; the bucket keeps its own.`)
  await restoreBackup({
    archive,
    uri,
    passphrase,
    force: values.force === true,
    mediaDir: settings.s3 ? undefined : settings.mediaDir,
    redisUrl: settings.cache.redisUrl,
  })
})
