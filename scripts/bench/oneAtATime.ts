import http from 'node:http'

import type { LoadRequest } from './load'
import { summarize, type Summary } from './stats'

export type OneAtATime = Summary & { statuses: Record<string, number> }

/**
 * Sends `count` requests one after another (the next when the previous answer has been read in
 * full), taking `requests` in turn, over one kept-alive connection: the latency of one reader on
 * an idle server, with no queueing in it. `warmup` requests go first and are not counted.
 */
export async function measureOneAtATime(url: string, requests: LoadRequest[], count: number, warmup = 5): Promise<OneAtATime> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const send = (request: LoadRequest) =>
    new Promise<number>((resolve, reject) => {
      const outgoing = http.request(`${url}${request.path}`, { method: request.method, headers: request.headers, agent }, (response) => {
        response.on('data', () => undefined)
        response.on('end', () => resolve(response.statusCode ?? 0))
        response.on('error', reject)
      })
      outgoing.on('error', reject)
      outgoing.end(request.body)
    })
  try {
    for (let i = 0; i < warmup; i++) await send(requests[i % requests.length])
    const times: number[] = []
    const statuses: Record<string, number> = {}
    for (let i = 0; i < count; i++) {
      const startedAt = performance.now()
      const status = await send(requests[i % requests.length])
      times.push(performance.now() - startedAt)
      statuses[status] = (statuses[status] ?? 0) + 1
    }
    return { ...summarize(times), statuses }
  } finally {
    agent.destroy()
  }
}
