const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

/**
 * Waits before each retry: 11 retries over about 3 days and 8 hours, doubling-ish like the
 * schedules of payment providers. Attempt 1 is immediate.
 */
export const RETRY_DELAYS_MS = [5 * SECOND, 1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 1 * HOUR, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 27 * HOUR]

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1

/**
 * How long to wait after failed attempt `attempt` (1-based), with ±10% jitter so endpoints that
 * failed together do not retry together; undefined once every attempt is spent.
 */
export function retryDelay(attempt: number, random: () => number = Math.random): number | undefined {
  const base = RETRY_DELAYS_MS[attempt - 1]
  if (base === undefined) return undefined
  return Math.round(base * (0.9 + random() * 0.2))
}
