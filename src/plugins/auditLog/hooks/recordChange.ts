import type { CollectionAfterChangeHook, PayloadRequest, SanitizedCollectionConfig } from 'payload'

import type { StoredDocument } from '@/lib/StoredDocument'
import { localeOfChange } from '@/lib/storedInLocale'
import { changeOf } from '@/plugins/changeContext'
import { auditSafely } from '../lib/auditSafely'
import { changedFields } from '../lib/changedFields'
import { documentTitle } from '../lib/documentTitle'
import { isSeeding } from '../lib/isSeeding'
import { publicationAction } from '../lib/publicationAction'
import { recordAuditEntry } from '../lib/recordAuditEntry'
import { recordAutosave } from '../lib/recordAutosave'

type Args = {
  collection: SanitizedCollectionConfig
  doc: StoredDocument
  operation: 'create' | 'update'
  previousDoc: Record<string, unknown> | undefined
  req: PayloadRequest
}

async function record({ collection, doc, operation, previousDoc, req }: Args): Promise<void> {
  const { isAutosave, wasPublished } = changeOf(req, collection.slug, doc.id)
  const hasDrafts = Boolean(collection.versions && collection.versions.drafts)
  const stored =
    ((await req.payload.findByID({
      collection: collection.slug,
      id: doc.id,
      depth: 0,
      draft: true,
      overrideAccess: true,
      showHiddenFields: true,
      disableErrors: true,
      req,
    })) as Record<string, unknown> | null) ?? doc
  const target = {
    sourceCollection: collection.slug,
    documentId: String(doc.id),
    documentTitle: documentTitle(stored, collection.admin?.useAsTitle),
    locale: localeOfChange(req.payload, req.locale),
  }

  if (operation === 'create') {
    // A document created already published is recorded once, as its publication.
    const action = hasDrafts && stored._status === 'published' ? 'publish' : 'create'
    await recordAuditEntry(req, { ...target, action, changedFields: changedFields(collection.flattenedFields, null, stored) })
    return
  }

  const changed = changedFields(collection.flattenedFields, previousDoc, stored)
  if (isAutosave) return recordAutosave(req, target, changed)
  const action = await publicationAction({
    hasDrafts,
    before: previousDoc,
    after: stored,
    wasPublished,
    readStoredStatus: async () =>
      (await req.payload.db.findOne<{ id: string; _status?: string }>({ collection: collection.slug, where: { id: { equals: doc.id } }, select: { _status: true }, req }))?._status,
  })
  if (action === 'update' && changed.length === 0) return
  await recordAuditEntry(req, { ...target, action, changedFields: changed })
}

/**
 * Records a create, update, publish or unpublish. The fields changed are found by comparing the
 * document before (Payload's `previousDoc`: depth 0, hidden fields included) with the document as
 * now stored, read the same way: the `doc` handed to the hook depends on the client's `depth`
 * and `select`. An update that changed nothing is not recorded; autosaves are collapsed.
 */
export const recordChange: CollectionAfterChangeHook<StoredDocument> = async ({ collection, doc, operation, previousDoc, req }) => {
  if (isSeeding(req)) return doc
  await auditSafely(req, { collection: collection.slug, id: doc.id, operation }, () => record({ collection, doc, operation, previousDoc, req }))
  return doc
}
