import http from 'node:http'
import type { AddressInfo } from 'node:net'

import type { WebhookEventBody } from '@/plugins/webhooks/types'

/**
 * An HTTP receiver that answers every POST with 200 and remembers, per document id and path,
 * when the first request for it arrived (performance.now(), the same clock the writes use).
 */
export type Receiver = {
  url: (path: string) => string
  /** Resolves with the arrival time of `id` on the `paths`-th distinct path. */
  waitForPaths: (id: string, paths: number, timeoutMs: number) => Promise<number>
  /** Resolves with the time of the last arrival once `total` distinct (id, path) pairs arrived since `reset`. */
  waitForTotal: (total: number, stallMs: number) => Promise<number>
  /** Resolves once no request has come in for `quietMs`. */
  waitForQuiet: (quietMs: number, timeoutMs: number) => Promise<void>
  reset: () => void
  close: () => Promise<void>
}

function readId(body: string): string | undefined {
  try {
    return (JSON.parse(body) as Partial<WebhookEventBody>).data?.id ?? undefined
  } catch {
    return undefined
  }
}

export async function startReceiver(): Promise<Receiver> {
  let arrivals = new Map<string, Map<string, number>>()
  let distinct = 0
  let lastArrival = 0
  let lastRequest = performance.now()
  const listeners = new Set<() => void>()

  const record = (id: string | undefined, path: string, at: number) => {
    lastRequest = at
    if (id === undefined) return
    const paths = arrivals.get(id) ?? new Map<string, number>()
    arrivals.set(id, paths)
    if (paths.has(path)) return
    paths.set(path, at)
    distinct++
    lastArrival = at
    for (const listener of listeners) listener()
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      record(readId(Buffer.concat(chunks).toString('utf8')), req.url ?? '/', performance.now())
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  /** Runs `check` now and after every new arrival until it returns a value; `arm` sets up the failure. */
  const waitUntil = <T>(check: () => T | undefined, arm: (fail: (error: Error) => void) => () => void): Promise<T> =>
    new Promise((resolve, reject) => {
      let disarm = () => {}
      const listener = () => {
        const result = check()
        if (result === undefined) return
        finish()
        resolve(result)
      }
      const finish = () => {
        listeners.delete(listener)
        disarm()
      }
      listeners.add(listener)
      disarm = arm((error) => {
        finish()
        reject(error)
      })
      listener()
    })

  const waitForPaths = (id: string, count: number, timeoutMs: number) =>
    waitUntil(
      () => {
        const times = [...(arrivals.get(id)?.values() ?? [])]
        return times.length >= count ? Math.max(...times) : undefined
      },
      (fail) => {
        const timer = setTimeout(() => fail(new Error(`document ${id}: ${arrivals.get(id)?.size ?? 0} of ${count} deliveries within ${timeoutMs} ms`)), timeoutMs)
        return () => clearTimeout(timer)
      },
    )

  const waitForTotal = (total: number, stallMs: number) =>
    waitUntil(
      () => (distinct >= total ? lastArrival : undefined),
      (fail) => {
        const timer = setInterval(() => {
          const since = Math.max(lastArrival, lastRequest)
          if (performance.now() - since > stallMs) fail(new Error(`${distinct} of ${total} deliveries, none for ${stallMs} ms`))
        }, 250)
        return () => clearInterval(timer)
      },
    )

  const waitForQuiet = async (quietMs: number, timeoutMs: number) => {
    const started = performance.now()
    const deadline = started + timeoutMs
    while (performance.now() - Math.max(lastRequest, started) < quietMs) {
      if (performance.now() > deadline) throw new Error(`the receiver was not quiet for ${quietMs} ms within ${timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    waitForPaths,
    waitForTotal,
    waitForQuiet,
    reset: () => {
      arrivals = new Map()
      distinct = 0
    },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
