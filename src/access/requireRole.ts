import { Forbidden, type PayloadRequest } from 'payload'

import { hasRole, type Role } from './roles'

/** For endpoints: the signed-in user must have one of `roles`, or the request is refused with 403. */
export function requireRole(req: PayloadRequest, ...roles: Role[]): void {
  if (!hasRole(req.user, ...roles)) throw new Forbidden(req.t)
}
