import type { CollectionConfig, Config, GlobalConfig } from 'payload'

import { AuditLog } from './collections/AuditLog'
import { AUDIT_LOG, DEFAULT_RETENTION_MS, PAYLOAD_INTERNAL_PREFIX } from './constants'
import { noteGlobalOperation } from './hooks/noteGlobalOperation'
import { noteOperation } from './hooks/noteOperation'
import { recordAccountOperation } from './hooks/recordAccountOperation'
import { recordChange } from './hooks/recordChange'
import { recordDelete } from './hooks/recordDelete'
import { recordFailedLogin } from './hooks/recordFailedLogin'
import { recordGlobalChange } from './hooks/recordGlobalChange'
import { recordLogin } from './hooks/recordLogin'
import { recordLogout } from './hooks/recordLogout'
import { rememberGlobalPublication } from './hooks/rememberGlobalPublication'
import { rememberPublication } from './hooks/rememberPublication'
import { appendHooks } from './lib/appendHooks'
import { withHousekeeping } from '../../jobs/housekeeping'
import { markJobsInScope } from './lib/jobScope'
import { pruneAuditLog } from './lib/pruneAuditLog'
import { watchForCrashes } from './lib/watchForCrashes'
import type { AuditLogPluginOptions } from './types'

export type { AuditLogPluginOptions } from './types'
export { pruneAuditLog } from './lib/pruneAuditLog'
export { recordAuditEvent } from './lib/recordAuditEvent'
export { reconcileAuditLog } from './lib/reconcileAuditLog'
export { AUDIT_LOG } from './constants'

const hasDrafts = (entity: CollectionConfig | GlobalConfig) => Boolean(typeof entity.versions === 'object' && entity.versions?.drafts)

function auditCollection(collection: CollectionConfig): CollectionConfig {
  return appendHooks(collection, {
    beforeOperation: [noteOperation],
    ...(hasDrafts(collection) ? { beforeChange: [rememberPublication] } : {}),
    afterChange: [recordChange],
    afterDelete: [recordDelete],
    ...(collection.auth ? { afterLogin: [recordLogin], afterLogout: [recordLogout], afterOperation: [recordAccountOperation] } : {}),
  })
}

function auditGlobal(global: GlobalConfig): GlobalConfig {
  return appendHooks(global, {
    beforeOperation: [noteGlobalOperation],
    ...(hasDrafts(global) ? { beforeChange: [rememberGlobalPublication] } : {}),
    afterChange: [recordGlobalChange],
  })
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
  (config: Config): Config => {
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
