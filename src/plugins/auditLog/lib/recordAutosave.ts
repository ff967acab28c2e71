import type { PayloadRequest, Where } from 'payload'

import { AUDIT_LOG, AUTOSAVE_COLLAPSE_MS } from '../constants'
import type { AuditEntry, StoredAuditEntry } from '../types'
import { describeRequest, recordAuditEntry } from './recordAuditEntry'

type Target = Pick<AuditEntry, 'sourceCollection' | 'sourceGlobal' | 'documentId' | 'documentTitle'>

/**
 * An autosave (the admin saves a draft every few seconds while an editor types) joins the
 * entry of the autosaves just before it, by the same user, on the same document, within
 * AUTOSAVE_COLLAPSE_MS and with no other entry between: one `update` entry per editing session,
 * listing every field changed in it, with `autosaves` counting the saves and `updatedAt` the last.
 */
export async function recordAutosave(req: PayloadRequest, target: Target, changed: string[]): Promise<void> {
  if (changed.length === 0) return
  const { user, userEmail } = describeRequest(req)
  const where: Where = target.sourceGlobal
    ? { sourceGlobal: { equals: target.sourceGlobal } }
    : { and: [{ documentId: { equals: target.documentId } }, { sourceCollection: { equals: target.sourceCollection } }] }
  const { docs } = await req.payload.db.find<StoredAuditEntry>({ collection: AUDIT_LOG, where, sort: '-createdAt', limit: 1, pagination: false, req })
  const last = docs[0]
  const isSameSession =
    last !== undefined &&
    last.action === 'update' &&
    (last.autosaves ?? 0) > 0 &&
    (last.user ?? null) === user &&
    (last.userEmail ?? null) === userEmail &&
    Date.now() - Date.parse(last.createdAt) < AUTOSAVE_COLLAPSE_MS
  if (!isSameSession) {
    await recordAuditEntry(req, { ...target, action: 'update', changedFields: changed, autosaves: 1 })
    return
  }
  await req.payload.db.updateOne({
    collection: AUDIT_LOG,
    id: last.id,
    data: {
      changedFields: [...new Set([...(last.changedFields ?? []), ...changed])],
      autosaves: (last.autosaves ?? 0) + 1,
      documentTitle: target.documentTitle,
      updatedAt: new Date().toISOString(),
    },
    req,
    returning: false,
  })
}
