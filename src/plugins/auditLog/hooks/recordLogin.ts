import type { CollectionAfterLoginHook } from 'payload'

import { auditSafely } from '../lib/auditSafely'
import { documentTitle } from '../lib/documentTitle'
import { settleSuccessfulAttempt, takeResettingPassword } from '../lib/loginAttempts'
import { recordAuditEntry } from '../lib/recordAuditEntry'
import type { AccountDocument } from '../types'

/** Records a sign-in, or a password reset (which signs the user in). */
export const recordLogin: CollectionAfterLoginHook<AccountDocument> = async ({ collection, req, user }) => {
  const isReset = takeResettingPassword(req)
  if (!isReset) settleSuccessfulAttempt(req)
  await auditSafely(req, { collection: collection.slug, id: user.id, operation: isReset ? 'resetPassword' : 'login' }, () =>
    recordAuditEntry(req, {
      action: isReset ? 'password-reset' : 'login',
      sourceCollection: collection.slug,
      documentId: String(user.id),
      documentTitle: documentTitle(user, collection.admin?.useAsTitle),
      changedFields: isReset ? ['password'] : [],
      actor: { id: user.id, email: user.email, collection: collection.slug },
    }),
  )
  return user
}
