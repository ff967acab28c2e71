// npm run migrate: brings the database up to Folio's current schema (the migrations in
// src/migrations) and lists which ran. `npm start` runs the same migrations at every start, before
// serving; in production, run this as a release step before the new version's instances start.
//
//   npm run migrate   the local database (.data/local-db, with Folio stopped), or MONGODB_URI when set
import { loadEnv } from 'payload/node'
import { getPayload } from 'payload'

import { connectConfiguredDatabase } from '../src/db/localDatabase'
import { migrations } from '../src/migrations'
import { readSettings } from '../src/settings'

loadEnv()
process.env.FOLIO_JOBS = 'false'
const settings = readSettings()

const { local: localDatabase } = await connectConfiguredDatabase(settings)

let failed = false
try {
  const { default: config } = await import('../payload.config')
  // Connecting runs the pending migrations (src/db/databaseAdapter).
  const payload = await getPayload({ config, disableOnInit: true })
  const { docs } = await payload.find({ collection: 'payload-migrations', limit: 0, pagination: false, sort: 'createdAt' })
  const ran = new Map(docs.map((doc) => [doc.name, doc]))
  for (const { name } of migrations) {
    const record = ran.get(name)
    payload.logger.info({ migration: name, ran: Boolean(record), batch: record?.batch ?? null, at: record?.createdAt ?? null }, record ? `${name}: applied` : `${name}: pending`)
  }
  await payload.destroy()
} catch (error) {
  failed = true
  console.error(error)
} finally {
  await localDatabase?.stop()
}
process.exit(failed ? 1 : 0)
