import autocannon from 'autocannon'

import { summarize } from './stats'

export type LoadRequest = { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string }

export type LoadOptions = { connections: number; durationSeconds: number }

/** One autocannon run against one server. */
export type LoadRun = {
  responses: number
  seconds: number
  /** Every response's time, in milliseconds. */
  latenciesMs: number[]
  /** Responses per HTTP status code. */
  statuses: Record<string, number>
  errors: number
  timeouts: number
}

/** Several runs of the same requests against the same server, taken together. */
export type LoadSummary = {
  requestsPerSecond: number
  p50: number
  p99: number
  statuses: Record<string, number>
  errors: number
  timeouts: number
}

/**
 * Sends `requests` in turn on each of `connections` keep-alive connections for `durationSeconds`,
 * as fast as the server answers (closed loop), and records every response's time.
 */
export function runLoad(url: string, requests: LoadRequest[], options: LoadOptions): Promise<LoadRun> {
  const latenciesMs: number[] = []
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections: options.connections, duration: options.durationSeconds, timeout: 30, requests },
      (error, result) => {
        if (error) {
          reject(error)
          return
        }
        const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]))
        resolve({ responses: latenciesMs.length, seconds: result.duration, latenciesMs, statuses, errors: result.errors, timeouts: result.timeouts })
      },
    )
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => {
      latenciesMs.push(responseTimeMs)
    })
  })
}

export function combineRuns(runs: LoadRun[]): LoadSummary {
  const responses = runs.reduce((total, run) => total + run.responses, 0)
  const seconds = runs.reduce((total, run) => total + run.seconds, 0)
  const statuses: Record<string, number> = {}
  for (const run of runs) {
    for (const [status, count] of Object.entries(run.statuses)) statuses[status] = (statuses[status] ?? 0) + count
  }
  const latencies = responses === 0 ? undefined : summarize(runs.flatMap((run) => run.latenciesMs))
  return {
    requestsPerSecond: responses / seconds,
    p50: latencies?.p50 ?? Number.NaN,
    p99: latencies?.p99 ?? Number.NaN,
    statuses,
    errors: runs.reduce((total, run) => total + run.errors, 0),
    timeouts: runs.reduce((total, run) => total + run.timeouts, 0),
  }
}
