import type { CollectionAfterLogoutHook } from 'payload'

import { auditSafely } from '../lib/auditSafely'
import { documentTitle } from '../lib/documentTitle'
import { recordAuditEntry } from '../lib/recordAuditEntry'

/** Records a sign-out. Payload takes what this hook returns as the operation's arguments: it returns nothing. */
export const recordLogout: CollectionAfterLogoutHook = async ({ collection, req }) => {
  const user = req.user
  if (!user) return
  await auditSafely(req, { collection: collection.slug, id: user.id, operation: 'logout' }, () =>
    recordAuditEntry(req, {
      action: 'logout',
      sourceCollection: collection.slug,
      documentId: String(user.id),
      documentTitle: documentTitle(user as unknown as Record<string, unknown>, collection.admin?.useAsTitle),
    }),
  )
}
