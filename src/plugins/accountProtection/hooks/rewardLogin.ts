import type { CollectionAfterLoginHook } from 'payload'

import type { StoredDocument } from '@/lib/StoredDocument'
import type { RateLimits } from '@/rateLimits/createRateLimits'
import { takeReservedLogin } from './throttleLogin'

/**
 * A sign-in that succeeded was no guess: its points go back to the address's and the account's limits, and the
 * failures counted for this account from this address start over (OWASP's "consecutive failures").
 */
export const rewardLogin =
  (rateLimits: RateLimits): CollectionAfterLoginHook<StoredDocument> =>
  async ({ req, user }) => {
    const reserved = takeReservedLogin(req.context)
    if (reserved) {
      await rateLimits.loginPerAccountAddress.reset(reserved.accountAddress)
      await rateLimits.loginPerAccount.reward(reserved.account)
      await rateLimits.loginPerAddress.reward(reserved.address)
    }
    return user
  }
