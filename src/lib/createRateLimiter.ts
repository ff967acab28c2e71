export type RateLimiter = {
  /**
   * Counts one action by `key` at `now` when the window allows it and returns 0; otherwise counts
   * nothing and returns how many milliseconds remain until the oldest counted action leaves the window.
   */
  take: (key: string, now: number) => number
}

/**
 * A sliding-window limit of `max` actions per key per `windowMs`, kept in this process's memory:
 * each instance of Folio counts on its own, and a restart forgets. Keys idle for a whole window
 * are dropped, so memory stays bounded by the keys active in the last window.
 */
export function createRateLimiter({ max, windowMs }: { max: number; windowMs: number }): RateLimiter {
  const actions = new Map<string, number[]>()
  let lastSweep = 0

  const sweep = (now: number) => {
    lastSweep = now
    for (const [key, times] of actions) {
      if (times.every((time) => time <= now - windowMs)) actions.delete(key)
    }
  }

  return {
    take: (key, now) => {
      if (now - lastSweep >= windowMs) sweep(now)
      const recent = (actions.get(key) ?? []).filter((time) => time > now - windowMs)
      if (recent.length >= max) {
        actions.set(key, recent)
        return Math.max(1, recent[0] + windowMs - now)
      }
      recent.push(now)
      actions.set(key, recent)
      return 0
    },
  }
}
