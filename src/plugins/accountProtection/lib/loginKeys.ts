import type { PayloadRequest } from 'payload'

import { clientAddress } from '@/lib/clientAddress'

const MAX_EMAIL_LENGTH = 254

/** The email as Payload looks it up: trimmed and lower-cased; undefined when it is not text. */
export function normalizeEmail(email: unknown): string | undefined {
  if (typeof email !== 'string') return undefined
  const normalized = email.toLowerCase().trim()
  return normalized ? normalized.slice(0, MAX_EMAIL_LENGTH) : undefined
}

/** The limiter keys of a sign-in or reset: by address, by account, by account from this address. */
export function accountKeys(req: PayloadRequest, email: string) {
  const address = clientAddress(req) ?? 'local'
  return { address, account: email, accountAddress: `${email}|${address}` }
}
