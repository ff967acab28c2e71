import type { GlobalBeforeOperationHook } from 'payload'

import { rememberChangeState } from '../lib/changeState'

/** Notes whether a global's update is an autosave. */
export const noteGlobalOperation: GlobalBeforeOperationHook = ({ args, global, operation, req }) => {
  if (operation === 'update') rememberChangeState(req, `global:${global.slug}`, undefined, { isAutosave: Boolean((args as { autosave?: boolean })?.autosave) })
  return args
}
