// The part of autocannon's API scripts/bench.ts uses (autocannon ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  namespace autocannon {
    type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string }

    type Options = {
      url: string
      connections?: number
      /** Seconds. */
      duration?: number
      /** Seconds to wait for one response. */
      timeout?: number
      /** Sent in turn, over and over, on each connection. */
      requests?: Request[]
    }

    type Result = {
      /** Seconds, as measured by autocannon. */
      duration: number
      errors: number
      timeouts: number
      statusCodeStats: Record<string, { count: number }>
    }

    interface Instance extends EventEmitter {
      stop(): void
      /** Every completed response, its time in milliseconds (fractional). */
      on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): this
      on(event: string, listener: (...args: unknown[]) => void): this
    }
  }

  function autocannon(options: autocannon.Options, callback: (error: Error | null, result: autocannon.Result) => void): autocannon.Instance

  export = autocannon
}
