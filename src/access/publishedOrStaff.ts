import type { Access } from 'payload'

import { hasRole } from './roles'

/** Staff read every version; everyone else reads published documents only. */
export const publishedOrStaff: Access = ({ req: { user } }) => {
  if (hasRole(user, 'admin', 'editor', 'author')) return true
  return { _status: { equals: 'published' } }
}
