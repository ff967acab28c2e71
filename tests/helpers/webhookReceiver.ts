import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { Webhook } from 'standardwebhooks'

export type ReceivedWebhook = {
  headers: http.IncomingHttpHeaders
  body: string
  json: { type: string; timestamp: string; data: { collection: string | null; id: string | null; previousVersionId?: string | null; locale?: string; document: any } }
  /** What the receiver answered. */
  status: number
}

/** Decides the answer to the nth request (0-based); `hang` never answers. */
export type Responder = (request: { index: number; body: ReceivedWebhook['json']; headers: http.IncomingHttpHeaders }) => number | 'hang' | { status: number; body?: string; headers?: Record<string, string> }

export type WebhookReceiver = {
  url: string
  port: number
  received: ReceivedWebhook[]
  respondWith: (responder: Responder) => void
  /** Resolves with every request once `count` succeeded (2xx) ones match `filter`. */
  waitForSuccesses: (count: number, filter?: (webhook: ReceivedWebhook) => boolean, timeoutMs?: number) => Promise<ReceivedWebhook[]>
  waitForRequests: (count: number, timeoutMs?: number) => Promise<ReceivedWebhook[]>
  clear: () => void
  close: () => Promise<void>
}

/** Verifies a delivery the way a receiver would, with the standardwebhooks package. */
export function verifyWebhook(webhook: ReceivedWebhook, secret: string): unknown {
  return new Webhook(secret).verify(webhook.body, webhook.headers as Record<string, string>)
}

const isSuccess = (webhook: ReceivedWebhook) => webhook.status >= 200 && webhook.status < 300

/** A real HTTP receiver on a free local port that records every delivery. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = []
  let responder: Responder = () => 200
  const hanging = new Set<http.ServerResponse>()
  let waiters: (() => void)[] = []
  const notify = () => {
    for (const waiter of waiters) waiter()
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      let json: ReceivedWebhook['json']
      try {
        json = JSON.parse(body)
      } catch {
        json = { type: 'invalid-json', timestamp: '', data: { collection: null, id: null, document: null } }
      }
      const answer = responder({ index: received.length, body: json, headers: req.headers })
      if (answer === 'hang') {
        hanging.add(res)
        received.push({ headers: req.headers, body, json, status: 0 })
        notify()
        return
      }
      const { status, body: responseBody = 'ok', headers = {} } = typeof answer === 'number' ? { status: answer } : answer
      received.push({ headers: req.headers, body, json, status })
      res.writeHead(status, { 'content-type': 'text/plain', ...headers })
      res.end(responseBody)
      notify()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port

  const waitUntil = <T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = () => {
        const result = check()
        if (result === undefined) return false
        cleanup()
        resolve(result)
        return true
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`webhook receiver: ${describe()} within ${timeoutMs} ms; got ${received.length}: ${received.map((w) => `${w.json.type}=${w.status}`).join(', ')}`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        waiters = waiters.filter((waiter) => waiter !== onChange)
      }
      const onChange = () => void attempt()
      if (!attempt()) waiters.push(onChange)
    })

  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    respondWith: (next) => {
      responder = next
    },
    waitForSuccesses: (count, filter = () => true, timeoutMs = 15_000) =>
      waitUntil(
        () => {
          const matching = received.filter((webhook) => isSuccess(webhook) && filter(webhook))
          return matching.length >= count ? matching : undefined
        },
        timeoutMs,
        () => `expected ${count} successful deliveries`,
      ),
    waitForRequests: (count, timeoutMs = 15_000) =>
      waitUntil(() => (received.length >= count ? [...received] : undefined), timeoutMs, () => `expected ${count} requests`),
    clear: () => {
      received.length = 0
    },
    close: async () => {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
