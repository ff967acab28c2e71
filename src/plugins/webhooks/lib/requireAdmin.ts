import { Forbidden, type PayloadRequest } from 'payload'

import { hasRole } from '../../../access/roles'

export function requireAdmin(req: PayloadRequest): void {
  if (!hasRole(req.user as { role?: 'admin' | 'editor' | 'author' } | null, 'admin')) throw new Forbidden(req.t)
}
