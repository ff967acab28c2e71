import type { CollectionAfterOperationHook } from 'payload'

import { auditSafely } from '../lib/auditSafely'
import { documentTitle } from '../lib/documentTitle'
import { recordAuditEntry } from '../lib/recordAuditEntry'
import type { AccountDocument } from '../types'

/**
 * Records what happens to an account without a change of its visible fields: a password reset
 * asked for (the email is sent; nobody is signed in) and an admin's unlock. An email no account
 * has leaves no entry for a reset request.
 */
export const recordAccountOperation: CollectionAfterOperationHook = async ({ args, collection, operation, req, result }) => {
  if ((operation !== 'forgotPassword' && operation !== 'unlock') || !result) return result
  const email = (args as { data?: { email?: unknown } }).data?.email
  if (typeof email !== 'string') return result
  const account = await req.payload.db.findOne<AccountDocument>({
    collection: collection.slug,
    where: { email: { equals: email.toLowerCase().trim() } },
    req,
  })
  if (!account) return result
  await auditSafely(req, { collection: collection.slug, id: account.id, operation }, () =>
    recordAuditEntry(req, {
      action: operation === 'forgotPassword' ? 'password-reset-requested' : 'unlock',
      sourceCollection: collection.slug,
      documentId: String(account.id),
      documentTitle: documentTitle(account, collection.admin?.useAsTitle),
      // The request for a reset is the account's (whoever sent it); an unlock is the admin's.
      ...(operation === 'forgotPassword' ? { actor: { email: account.email ?? email } } : {}),
    }),
  )
  return result
}
