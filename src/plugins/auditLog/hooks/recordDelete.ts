import type { CollectionAfterDeleteHook } from 'payload'

import type { StoredDocument } from '@/lib/StoredDocument'
import { auditSafely } from '../lib/auditSafely'
import { documentTitle } from '../lib/documentTitle'
import { isSeeding } from '../lib/isSeeding'
import { recordAuditEntry } from '../lib/recordAuditEntry'

/** Records a deletion, once per document (a bulk delete runs this hook for each). */
export const recordDelete: CollectionAfterDeleteHook<StoredDocument> = async ({ collection, doc, id, req }) => {
  if (isSeeding(req)) return doc
  const documentId = String(id ?? doc.id)
  await auditSafely(req, { collection: collection.slug, id: documentId, operation: 'delete' }, () =>
    recordAuditEntry(req, {
      action: 'delete',
      sourceCollection: collection.slug,
      documentId,
      documentTitle: documentTitle(doc, collection.admin?.useAsTitle),
      changedFields: [],
    }),
  )
  return doc
}
