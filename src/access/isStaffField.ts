import type { FieldAccess } from 'payload'

import { hasRole } from './roles'

/** A field only the team reads: editing aids that are no concern of a website's. */
export const isStaffField: FieldAccess = ({ req: { user } }) => hasRole(user, 'admin', 'editor', 'author')
