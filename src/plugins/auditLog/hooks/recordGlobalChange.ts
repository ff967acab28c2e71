import type { GlobalAfterChangeHook, PayloadRequest, SanitizedGlobalConfig } from 'payload'

import type { TypedGlobalHook } from '@/lib/TypedGlobalHook'
import { localeOfChange } from '@/lib/storedInLocale'
import { changeOf, globalEntity } from '@/plugins/changeContext'
import { auditSafely } from '../lib/auditSafely'
import { changedFields } from '../lib/changedFields'
import { isSeeding } from '../lib/isSeeding'
import { publicationAction } from '../lib/publicationAction'
import { recordAuditEntry } from '../lib/recordAuditEntry'
import { recordAutosave } from '../lib/recordAutosave'

async function record(global: SanitizedGlobalConfig, previousDoc: Record<string, unknown> | undefined, req: PayloadRequest): Promise<void> {
  const { isAutosave, wasPublished } = changeOf(req, globalEntity(global.slug))
  const stored = (await req.payload.findGlobal({ slug: global.slug, depth: 0, draft: true, overrideAccess: true, showHiddenFields: true, req })) as unknown as Record<string, unknown>
  const target = { sourceGlobal: global.slug, documentTitle: typeof global.label === 'string' ? global.label : global.slug, locale: localeOfChange(req.payload, req.locale) }
  const changed = changedFields(global.flattenedFields, previousDoc, stored)
  if (isAutosave) return recordAutosave(req, target, changed)
  const action = await publicationAction({
    hasDrafts: Boolean(global.versions && global.versions.drafts),
    before: previousDoc,
    after: stored,
    wasPublished,
    readStoredStatus: async () => (await req.payload.db.findGlobal<{ _status?: string }>({ slug: global.slug, req }))?._status,
  })
  if (action === 'update' && changed.length === 0) return
  await recordAuditEntry(req, { ...target, action, changedFields: changed })
}

/** Records an update, publish or unpublish of a global, the way recordChange does for documents. */
export const recordGlobalChange: TypedGlobalHook<GlobalAfterChangeHook> = async ({ doc, global, previousDoc, req }) => {
  if (isSeeding(req)) return doc
  await auditSafely(req, { global: global.slug }, () => record(global, previousDoc, req))
  return doc
}
