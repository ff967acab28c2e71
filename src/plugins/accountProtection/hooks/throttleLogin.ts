import type { CollectionBeforeOperationHook } from 'payload'

import { isApiRequest } from '@/lib/isApiRequest'
import type { RateLimits } from '@/rateLimits/createRateLimits'
import { checkDummyPassword } from '../lib/checkDummyPassword'
import { accountKeys, normalizeEmail } from '../lib/loginKeys'
import { refuseTooManyAttempts } from '../lib/refuseTooManyAttempts'

const RESERVED = 'accountProtection:reservedLogins'

export type ReservedLogin = { address: string; account: string; accountAddress: string }

/**
 * Before Payload checks a sign-in from the API: counts it against the address, the account from
 * this address and the account from anywhere, in that order, each atomically, so a burst of
 * parallel guesses gets no more evaluations than the limits allow. Only failures count in the end:
 * a success gives its points back (rewardLogin), as does an attempt a later limit refused. Refusals are a 429 with the same words for every email, real or
 * not. An email no account has costs a dummy password check, so it answers as slowly as a wrong
 * password does.
 */
export const throttleLogin =
  (rateLimits: RateLimits): CollectionBeforeOperationHook =>
  async ({ args, collection, operation, req }) => {
    if (operation !== 'login' || !isApiRequest(req)) return args
    const { email: rawEmail, password } = (args.data ?? {}) as { email?: unknown; password?: unknown }
    const email = normalizeEmail(rawEmail)
    if (!email || typeof password !== 'string' || !password.trim()) return args // Payload refuses it as invalid input
    const keys = accountKeys(req, email)

    const byAddress = await rateLimits.loginPerAddress.consume(keys.address)
    if (!byAddress.allowed) throw refuseTooManyAttempts(req, byAddress, 'sign-in attempts from your address')
    const byAccountAddress = await rateLimits.loginPerAccountAddress.consume(keys.accountAddress)
    if (!byAccountAddress.allowed) {
      await rateLimits.loginPerAddress.reward(keys.address)
      throw refuseTooManyAttempts(req, byAccountAddress, 'failed sign-ins for this account from your address')
    }
    const byAccount = await rateLimits.loginPerAccount.consume(keys.account)
    if (!byAccount.allowed) {
      await rateLimits.loginPerAccountAddress.reward(keys.accountAddress)
      await rateLimits.loginPerAddress.reward(keys.address)
      throw refuseTooManyAttempts(req, byAccount, 'failed sign-ins for this account')
    }
    ;((req.context[RESERVED] ??= []) as ReservedLogin[]).push(keys)

    const account = await req.payload.db.findOne({ collection: collection.slug, where: { email: { equals: email } }, req })
    if (!account) await checkDummyPassword(password)
    return args
  }

/** The reservation of the sign-in that just succeeded (the latest of this request). */
export function takeReservedLogin(context: Record<string, unknown>): ReservedLogin | undefined {
  return (context[RESERVED] as ReservedLogin[] | undefined)?.pop()
}
