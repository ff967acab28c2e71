import type { RateLimitDecision } from './createRateLimits'

/**
 * The headers of a rate-limited answer (IETF draft "RateLimit header fields"): the policy, what is
 * left, seconds until the window resets; and Retry-After when refused.
 */
export function rateLimitHeaders({ allowed, limit, remaining, msBeforeNext }: RateLimitDecision): Record<string, string> {
  const seconds = String(Math.max(1, Math.ceil(msBeforeNext / 1000)))
  const headers: Record<string, string> = {
    'RateLimit-Policy': `${limit.points};w=${Math.round(limit.durationMs / 1000)}`,
    'RateLimit-Limit': String(limit.points),
    'RateLimit-Remaining': String(Math.max(0, remaining)),
    'RateLimit-Reset': seconds,
  }
  if (!allowed) headers['Retry-After'] = seconds
  return headers
}

/** "try again in 40 seconds" / "in 12 minutes", for a refusal's message. */
export function describeWait(msBeforeNext: number): string {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000))
  return seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`
}
