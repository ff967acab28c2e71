import type { CollectionBeforeOperationHook } from 'payload'

import type { RateLimits } from '@/rateLimits/createRateLimits'
import { normalizeEmail } from '../lib/loginKeys'

/** An admin's unlock (`POST /api/users/unlock`) clears the account's hard limit. */
export const forgetThrottledAccount =
  (rateLimits: RateLimits): CollectionBeforeOperationHook =>
  async ({ args, operation }) => {
    if (operation !== 'unlock') return args
    const email = normalizeEmail((args.data as { email?: unknown } | undefined)?.email)
    if (email) await rateLimits.loginPerAccount.reset(email)
    return args
  }
