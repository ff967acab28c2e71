import type { CollectionConfig, Config } from 'payload'

import type { RateLimits } from '@/rateLimits/createRateLimits'
import { withRateLimits } from '@/rateLimits/rateLimitsOf'
import { withHooks } from '../addHooks'
import { requestPasswordReset } from './endpoints/requestPasswordReset'
import { forgetThrottledAccount } from './hooks/forgetThrottledAccount'
import { refuseGraphQLPasswordReset } from './hooks/refuseGraphQLPasswordReset'
import { rewardLogin } from './hooks/rewardLogin'
import { throttleLogin } from './hooks/throttleLogin'
import { sendPasswordResetTask } from './tasks/sendPasswordResetTask'

type Options = {
  rateLimits: RateLimits
  /** The auth collection whose sign-ins and resets are protected. */
  collection?: string
  apiRoute?: string
}

/**
 * Sign-ins and password resets that neither lock out an account's owner nor tell which emails
 * have accounts (OWASP's authentication advice): throttling by address, by account from an
 * address and by account, in place of Payload's lock after 5 failures, which anybody could
 * trigger for anybody; the same answer, in the same time, for unknown emails and wrong passwords;
 * resets run from the queue. Also registers the rate limits for the HTTP layer (API requests,
 * GraphQL cost).
 */
export const accountProtection =
  ({ rateLimits, collection: slug = 'users', apiRoute = '/api' }: Options) =>
  (config: Config): Config => {
    const protect = (collection: CollectionConfig): CollectionConfig => {
      if (collection.slug !== slug || !collection.auth) return collection
      const auth = collection.auth === true ? {} : collection.auth
      const protectedCollection: CollectionConfig = {
        ...collection,
        // Payload's lock (5 failures, 15 minutes) is replaced by the throttles above.
        auth: { ...auth, maxLoginAttempts: 0 },
        endpoints: [requestPasswordReset(rateLimits), ...(collection.endpoints || [])],
      }
      // After the hooks already there: those that only note the attempt (the audit log) see it before it is refused.
      return withHooks(protectedCollection, {
        beforeOperation: [throttleLogin(rateLimits), forgetThrottledAccount(rateLimits), refuseGraphQLPasswordReset(`${apiRoute}/${slug}/forgot-password`)],
        afterLogin: [rewardLogin(rateLimits)],
      })
    }
    return withRateLimits(
      {
        ...config,
        collections: (config.collections ?? []).map(protect),
        jobs: { ...config.jobs, tasks: [...(config.jobs?.tasks ?? []), sendPasswordResetTask] },
      },
      rateLimits,
    )
  }
