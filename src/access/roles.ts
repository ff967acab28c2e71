export const ROLES = ['admin', 'editor', 'author'] as const

export type Role = (typeof ROLES)[number]

type MaybeUser = { role?: Role | null } | null | undefined

export function hasRole(user: MaybeUser, ...roles: Role[]): boolean {
  return Boolean(user?.role && roles.includes(user.role))
}
