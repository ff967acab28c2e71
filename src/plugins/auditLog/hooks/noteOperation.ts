import type { CollectionBeforeOperationHook } from 'payload'

import { rememberChangeState } from '../lib/changeState'
import { noteLoginAttempt, noteResettingPassword } from '../lib/loginAttempts'

type OperationArgs = { id?: string | number; autosave?: boolean; data?: unknown }

/** Notes what only the operation's arguments tell: an autosave, a sign-in attempt, a password reset. */
export const noteOperation: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  const { id, autosave, data } = args as OperationArgs
  if (operation === 'update' && id !== undefined) rememberChangeState(req, collection.slug, id, { isAutosave: Boolean(autosave) })
  if (operation === 'login') noteLoginAttempt(req, collection.slug, data)
  if (operation === 'resetPassword') noteResettingPassword(req)
  return args
}
