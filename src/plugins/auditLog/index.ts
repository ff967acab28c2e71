import type { CollectionConfig, Config, GlobalConfig } from 'payload'

import { withHousekeeping } from '@/jobs/housekeeping'
import { withHooks } from '../addHooks'
import { withChangeContext } from '../changeContext'
import { AuditLog } from './collections/AuditLog'
import { AUDIT_LOG, DEFAULT_RETENTION_MS, PAYLOAD_INTERNAL_PREFIX } from './constants'
import { noteOperation } from './hooks/noteOperation'
import { recordAccountOperation } from './hooks/recordAccountOperation'
import { recordChange } from './hooks/recordChange'
import { recordDelete } from './hooks/recordDelete'
import { recordFailedLogin } from './hooks/recordFailedLogin'
import { recordGlobalChange } from './hooks/recordGlobalChange'
import { recordLogin } from './hooks/recordLogin'
import { recordLogout } from './hooks/recordLogout'
import { markJobsInScope } from './lib/jobScope'
import { pruneAuditLog } from './lib/pruneAuditLog'
import { watchForCrashes } from './lib/watchForCrashes'
import type { AuditLogPluginOptions } from './types'

export type { AuditLogPluginOptions } from './types'
export { pruneAuditLog } from './lib/pruneAuditLog'
export { recordAuditEvent } from './lib/recordAuditEvent'
export { reconcileAuditLog } from './lib/reconcileAuditLog'
export { AUDIT_LOG } from './constants'

function auditCollection(collection: CollectionConfig): CollectionConfig {
  return withHooks(collection, {
    beforeOperation: [noteOperation],
    afterChange: [recordChange],
    afterDelete: [recordDelete],
    ...(collection.auth ? { afterLogin: [recordLogin], afterLogout: [recordLogout], afterOperation: [recordAccountOperation] } : {}),
  })
}

function auditGlobal(global: GlobalConfig): GlobalConfig {
  return withHooks(global, { afterChange: [recordGlobalChange] })
}

/**
 * The audit log: who created, updated, published, unpublished or deleted which document or
 * global, and which fields changed; every sign-in, sign-out, password reset and refused sign-in.
 * Covers every collection and global present when it runs (so it comes after the plugins that add
 * theirs), except its own log, Payload's internal collections and `exclude`. Entries are read-only
 * for everyone through the API and pruned by `pruneAuditLog`.
 */
export const auditLog =
  ({ exclude = [], reconcile = [], retentionMs = DEFAULT_RETENTION_MS, usersCollection = 'users' }: AuditLogPluginOptions = {}) =>
  (incoming: Config): Config => {
    // Whether a change is an autosave, was published before: worked out once for every plugin.
    const config = withChangeContext(incoming)
    const excluded = new Set([AUDIT_LOG, ...exclude])
    const isAudited = (slug: string) => !excluded.has(slug) && !slug.startsWith(PAYLOAD_INTERNAL_PREFIX)
    return withHousekeeping({
      ...config,
      collections: [...(config.collections ?? []).map((collection) => (isAudited(collection.slug) ? auditCollection(collection) : collection)), AuditLog({ usersCollection })],
      globals: (config.globals ?? []).map((global) => (isAudited(global.slug) ? auditGlobal(global) : global)),
      hooks: { ...config.hooks, afterError: [...(config.hooks?.afterError ?? []), recordFailedLogin] },
      onInit: async (payload) => {
        markJobsInScope(payload)
        await config.onInit?.(payload)
        try {
          await watchForCrashes(payload, reconcile.filter(isAudited))
        } catch (err) {
          payload.logger.error({ err }, 'audit log: could not check for changes stored without their entries')
        }
      },
    }, { name: 'prune the audit log', run: async (payload) => void (await pruneAuditLog(payload, retentionMs)) })
  }
