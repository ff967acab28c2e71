import type { AfterErrorHook, CollectionSlug } from 'payload'

import type { LoginFailureReason } from '../constants'
import { documentTitle } from '../lib/documentTitle'
import { takeFailedAttempt } from '../lib/loginAttempts'
import { recordAuditEntry } from '../lib/recordAuditEntry'

/** The errors Payload's login operation throws for a refused sign-in. */
const FAILURES: Record<string, LoginFailureReason> = {
  AuthenticationError: 'wrong-password',
  LockedAuth: 'locked',
  UnverifiedEmail: 'unverified',
}

/**
 * Records a refused sign-in with the address tried (never the password). Payload calls no
 * collection hook when a login fails; the error reaches the config's `afterError` hooks, for
 * REST (`POST /api/users/login`) and GraphQL (`loginUser`, where the error wraps Payload's) alike.
 * The address was noted by the login's `beforeOperation` hook. Returns nothing: the client's
 * answer is Payload's, unchanged.
 */
export const recordFailedLogin: AfterErrorHook = async ({ error, req }) => {
  const cause = (error as { originalError?: Error }).originalError ?? error
  const reason = (cause as { code?: unknown })?.code === 'RATE_LIMITED' ? 'throttled' : FAILURES[cause?.name]
  if (!reason || !req?.context) return
  const attempt = takeFailedAttempt(req)
  if (!attempt) return
  try {
    const account = await req.payload.db.findOne<Record<string, unknown> & { id: string }>({
      collection: attempt.collection as CollectionSlug,
      where: { email: { equals: attempt.email } },
      req,
    })
    await recordAuditEntry(req, {
      action: 'login-failed',
      reason: account ? reason : 'unknown-user',
      sourceCollection: attempt.collection,
      documentId: account ? String(account.id) : null,
      documentTitle: documentTitle(account, req.payload.collections[attempt.collection as CollectionSlug]?.config.admin?.useAsTitle),
      actor: { email: attempt.email },
    })
  } catch (failure) {
    req.payload.logger.error({ err: failure, email: attempt.email }, 'could not record a failed sign-in')
  }
}
