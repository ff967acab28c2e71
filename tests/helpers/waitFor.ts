type WaitOptions = {
  timeoutMs?: number
  /** Between tries, default 50 ms. */
  intervalMs?: number
  /** Runs before each retry, e.g. to nudge the job runner. */
  beforeRetry?: () => void
}

/**
 * Polls `check` until it returns something other than undefined, and returns that: tests wait for
 * the state they assert, never for a fixed time.
 */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, what: string, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 50, beforeRetry } = options
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const result = await check()
    if (result !== undefined) return result
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    beforeRetry?.()
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** Polls `check` until it holds. */
export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, options: WaitOptions = {}): Promise<void> {
  await waitFor(async () => ((await check()) ? true : undefined), what, options)
}
