import { mongooseAdapter } from '@payloadcms/db-mongodb'
import type { DatabaseAdapterObj } from 'payload'

import type { Settings } from '../settings'
import { withCacheInvalidation } from '../cache/withCacheInvalidation'

/**
 * Payload's Mongo adapter, the same for real MongoDB and the local database (mongo-java-server):
 * join aggregations, sort lookups and `findAndModify` projections everywhere. Transactions are
 * Payload's to switch: on when the connection string names a replica set (Atlas does), off
 * otherwise, as for the local database, which has none. Unique indexes (slugs, emails) are built
 * before the first write, not some time after.
 */
export function databaseAdapter(settings: Pick<Settings, 'mongodbUri'>): DatabaseAdapterObj {
  return withCacheInvalidation(mongooseAdapter({ url: settings.mongodbUri, ensureIndexes: true }))
}
