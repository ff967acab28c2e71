import type { Access } from 'payload'

import { hasRole } from './roles'

/** Editors and admins reach every upload; authors the ones they uploaded (`uploadedBy`), to fix their alt text or crop. */
export const isEditorOrUploader: Access = ({ req: { user } }) => {
  if (hasRole(user, 'admin', 'editor')) return true
  if (user && hasRole(user, 'author')) return { uploadedBy: { equals: user.id } }
  return false
}
