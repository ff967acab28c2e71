import { mongooseAdapter } from '@payloadcms/db-mongodb'
import type { DatabaseAdapterObj } from 'payload'

import type { Settings } from '../settings'
import { withDependencyTracking } from './withDependencyTracking'
import { withoutFindAndModifyProjection } from './withoutFindAndModifyProjection'

/**
 * Payload's Mongo adapter for real MongoDB, or for FerretDB (the local and test database) with
 * the features FerretDB lacks switched off: transactions, `$lookup`-based joins and sort lookups
 * (the same switches as the adapter's `compatibilityOptions` profiles), and projections on
 * `findAndModify`.
 */
export function databaseAdapter(settings: Pick<Settings, 'mongodbUri' | 'databaseCompatibility'>): DatabaseAdapterObj {
  if (settings.databaseCompatibility === 'mongodb') return withDependencyTracking(mongooseAdapter({ url: settings.mongodbUri }))
  return withDependencyTracking(withoutFindAndModifyProjection(
    mongooseAdapter({
      url: settings.mongodbUri,
      transactionOptions: false,
      useJoinAggregations: false,
      usePipelineInSortLookup: false,
      // Unique indexes (slugs, emails) must exist before the first write, not some time after.
      ensureIndexes: true,
    }),
  ))
}
