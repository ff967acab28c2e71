import { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'

import type { RateLimit, RateLimitSettings } from '../settings'

export type RateLimitName = Exclude<keyof RateLimitSettings, 'enabled' | 'redisUrl'>

/** What one attempt was told, with what its answer's `RateLimit-*` headers say. */
export type RateLimitDecision = {
  allowed: boolean
  limit: RateLimit
  remaining: number
  /** Until the window resets (allowed) or the next attempt may be made (refused). */
  msBeforeNext: number
}

export type Limiter = {
  readonly limit: RateLimit
  /** Counts `points` against `key`, atomically in the store, and says whether they were allowed. */
  consume: (key: string, points?: number) => Promise<RateLimitDecision>
  /** The same, answered at once, where no store is asked (rate limits switched off). */
  consumeNow?: (key: string, points?: number) => RateLimitDecision
  /** Gives points back (a sign-in that succeeded was not a guess). */
  reward: (key: string, points?: number) => Promise<void>
  /** Forgets the key (an admin unlocked the account). */
  reset: (key: string) => Promise<void>
}

export type RateLimits = Record<RateLimitName, Limiter> & { close: () => Promise<void> }

type Log = { warn: (object: object, message: string) => void }

const NAMES: RateLimitName[] = [
  'loginPerAddress',
  'loginPerAccountAddress',
  'loginPerAccount',
  'passwordResetPerAddress',
  'passwordResetPerAccount',
  'apiPerAddress',
  'apiPerKey',
  'graphqlCostPerAddress',
  'formSubmissionsPerAddress',
]

function wrap(limiter: RateLimiterAbstract, limit: RateLimit, log?: Log): Limiter {
  return {
    limit,
    consume: async (key, points = 1) => {
      try {
        const result = await limiter.consume(key, points)
        return { allowed: true, limit, remaining: result.remainingPoints, msBeforeNext: result.msBeforeNext }
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return { allowed: false, limit, remaining: 0, msBeforeNext: rejection.msBeforeNext }
        // The store failed (and its in-memory insurance too): an outage of the limiter must not
        // take the site down with it.
        log?.warn({ err: rejection, key }, 'rate limit store failed; allowing the request')
        return { allowed: true, limit, remaining: limit.points, msBeforeNext: limit.durationMs }
      }
    },
    reward: async (key, points = 1) => {
      await limiter.reward(key, points).catch(() => undefined)
    },
    reset: async (key) => {
      await limiter.delete(key).catch(() => undefined)
    },
  }
}

const unlimited = (limit: RateLimit): Limiter => ({
  limit,
  consume: () => Promise.resolve({ allowed: true, limit, remaining: limit.points, msBeforeNext: limit.durationMs }),
  consumeNow: () => ({ allowed: true, limit, remaining: limit.points, msBeforeNext: limit.durationMs }),
  reward: () => Promise.resolve(),
  reset: () => Promise.resolve(),
})

/**
 * Folio's rate limits (rate-limiter-flexible), one per kind of request: in this process's memory,
 * or in Redis shared by every instance when REDIS_URL is set, with memory as insurance while
 * Redis is unreachable. Counting is atomic in either store, so a burst of parallel attempts gets
 * no more than the limit.
 */
export function createRateLimits(settings: RateLimitSettings, log?: Log): RateLimits {
  const redis = settings.enabled && settings.redisUrl
    ? new Redis(settings.redisUrl, { lazyConnect: false, enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : undefined
  redis?.on('error', () => undefined) // reconnects by itself; the insurance limiter answers meanwhile
  const limiters = Object.fromEntries(
    NAMES.map((name) => {
      const limit = settings[name]
      if (!settings.enabled) return [name, unlimited(limit)]
      const options = { points: limit.points, duration: limit.durationMs / 1000, keyPrefix: `folio:rl:${name}` }
      const memory = new RateLimiterMemory(options)
      const limiter = redis ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: memory }) : memory
      return [name, wrap(limiter, limit, log)]
    }),
  ) as Record<RateLimitName, Limiter>
  return {
    ...limiters,
    close: () => {
      redis?.disconnect()
      return Promise.resolve()
    },
  }
}
