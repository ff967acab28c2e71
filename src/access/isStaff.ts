import type { Access } from 'payload'

import { hasRole } from './roles'

/** Any signed-in member of the team: admin, editor or author. */
export const isStaff: Access = ({ req: { user } }) => hasRole(user, 'admin', 'editor', 'author')
