export const ROLES = ['admin', 'editor', 'author'] as const

export type Role = (typeof ROLES)[number]

/** A signed-in user as Payload hands it to access functions and on `req.user`, or nobody. */
type MaybeUser = { role?: Role | null } | null | undefined

/** Whether `user` has one of `roles`: the one definition of every role check. */
export function hasRole(user: MaybeUser, ...roles: Role[]): boolean {
  return Boolean(user?.role && roles.includes(user.role))
}
