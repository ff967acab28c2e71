import type { Access } from 'payload'

import { hasRole } from './roles'

/** Editors and admins reach every document; authors only those that list them among `authors`. */
export const isEditorOrOwningAuthor: Access = ({ req: { user } }) => {
  if (hasRole(user, 'admin', 'editor')) return true
  if (user && hasRole(user, 'author')) return { authors: { in: [user.id] } }
  return false
}
