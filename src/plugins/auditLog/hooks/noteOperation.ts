import type { CollectionBeforeOperationHook } from 'payload'

import { noteLoginAttempt, noteResettingPassword } from '../lib/loginAttempts'

/** Notes what only the operation's arguments tell: a sign-in attempt, a password reset. */
export const noteOperation: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  const { data } = args as { data?: unknown }
  if (operation === 'login') noteLoginAttempt(req, collection.slug, data)
  if (operation === 'resetPassword') noteResettingPassword(req)
  return args
}
