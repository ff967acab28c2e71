import type { Access } from 'payload'

import { hasRole } from './roles'

/** Editors and admins see the whole team (to assign authors); anyone else only themselves. */
export const isEditorOrAdminOrSelf: Access = ({ req: { user } }) => {
  if (!user) return false
  if (hasRole(user, 'admin', 'editor')) return true
  return { id: { equals: user.id } }
}
