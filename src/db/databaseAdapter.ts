import { mongooseAdapter } from '@payloadcms/db-mongodb'
import type { BaseDatabaseAdapter, DatabaseAdapterObj } from 'payload'

import type { Settings } from '../settings'
import { withCacheInvalidation } from '../cache/withCacheInvalidation'
import { withCommitNotices } from './transactions'
import { migrations } from '../migrations'

/**
 * Payload's Mongo adapter, the same for real MongoDB and the local database (mongo-java-server):
 * join aggregations, sort lookups and `findAndModify` projections everywhere. Transactions are
 * Payload's to switch: on when the connection string names a replica set (Atlas does), off
 * otherwise, as for the local database, which has none. Unique indexes (slugs, emails) are built
 * before the first write, not some time after. Folio's migrations run as soon as it connects.
 */
export function databaseAdapter(settings: Pick<Settings, 'mongodbUri'>): DatabaseAdapterObj {
  return withMigrations(withCommitNotices(withCacheInvalidation(mongooseAdapter({ url: settings.mongodbUri, ensureIndexes: true }))))
}

/**
 * Runs the migrations not yet recorded in the database right after connecting, before any plugin's
 * start-up work or request reads the data: in every environment (Payload's `prodMigrations` only in
 * production), so a development or test database has the same shape as production's.
 */
function withMigrations(adapter: DatabaseAdapterObj): DatabaseAdapterObj {
  return {
    ...adapter,
    init: (args) => {
      const db = adapter.init(args)
      const connect = db.connect
      if (connect) {
        db.connect = async function (this: BaseDatabaseAdapter, options) {
          await connect.call(this, options)
          await this.migrate({ migrations })
        }
      }
      return db
    },
  }
}
