import type { PayloadRequest } from 'payload'

/** A sign-in attempt seen before Payload checked it, waiting to be known as a success or a failure. */
export type LoginAttempt = { collection: string; email: string; isSettled: boolean }

const ATTEMPTS = 'auditLog:loginAttempts'
const RESETTING_PASSWORD = 'auditLog:resettingPassword'
const MAX_EMAIL_LENGTH = 254

const attempts = (req: PayloadRequest): LoginAttempt[] => (req.context[ATTEMPTS] ??= []) as LoginAttempt[]

/**
 * Notes an attempt that passed Payload's input checks (an email and a password were given). One
 * request can hold several (GraphQL runs a batch of `loginUser` mutations one after another), so
 * they are kept in order: a success settles the latest, each failure the oldest unsettled.
 */
export function noteLoginAttempt(req: PayloadRequest, collection: string, data: unknown): void {
  const { email, password } = (data ?? {}) as { email?: unknown; password?: unknown }
  if (typeof email !== 'string' || !email.trim() || typeof password !== 'string' || !password.trim()) return
  attempts(req).push({ collection, email: email.toLowerCase().trim().slice(0, MAX_EMAIL_LENGTH), isSettled: false })
}

export function settleSuccessfulAttempt(req: PayloadRequest): void {
  const pending = attempts(req).filter((attempt) => !attempt.isSettled)
  const latest = pending[pending.length - 1]
  if (latest) latest.isSettled = true
}

export function takeFailedAttempt(req: PayloadRequest): LoginAttempt | undefined {
  const oldest = attempts(req).find((attempt) => !attempt.isSettled)
  if (oldest) oldest.isSettled = true
  return oldest
}

/** A password reset signs the user in: that sign-in is recorded as the reset. */
export function noteResettingPassword(req: PayloadRequest): void {
  req.context[RESETTING_PASSWORD] = true
}

export function takeResettingPassword(req: PayloadRequest): boolean {
  const isResetting = req.context[RESETTING_PASSWORD] === true
  delete req.context[RESETTING_PASSWORD]
  return isResetting
}
