import http from 'node:http'
import https from 'node:https'
import net from 'node:net'

import { RESPONSE_EXCERPT_BYTES } from '../constants'
import type { AddressPolicy } from './createAddressPolicy'
import { guardedLookup } from './guardedLookup'

export type PostResult = {
  statusCode?: number
  durationMs: number
  /** The first bytes of the answer; the rest is never read. */
  responseBody?: string
  error?: string
}

type PostOptions = {
  url: string
  headers: Record<string, string>
  body: string
  timeoutMs: number
  policy: AddressPolicy
}

/**
 * One POST to a receiver: addresses checked while connecting, redirects not followed (a 3xx is a
 * failure), the whole exchange bounded by `timeoutMs`, at most RESPONSE_EXCERPT_BYTES read back.
 */
export function postWebhook({ url, headers, body, timeoutMs, policy }: PostOptions): Promise<PostResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  return new Promise((resolve) => {
    let settled = false
    let timer: NodeJS.Timeout | undefined
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...result, durationMs: elapsed() })
    }

    let target: URL
    try {
      target = new URL(url)
    } catch {
      return finish({ error: `invalid URL: ${url}` })
    }
    const literal = target.hostname.replace(/^\[|\]$/g, '')
    if (net.isIP(literal)) {
      const refusal = policy.refusal(target.hostname, literal)
      if (refusal) return finish({ error: `refused: ${refusal}` })
    }

    const client = target.protocol === 'https:' ? https : http
    const request = client.request(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body).toString() },
      lookup: guardedLookup(policy),
      agent: false,
    })
    timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${timeoutMs} ms`))
    }, timeoutMs)

    request.on('error', (error: NodeJS.ErrnoException) => {
      const prefix = error.code === 'EREFUSEDADDRESS' ? 'refused: ' : ''
      finish({ error: `${prefix}${error.message}` })
    })
    request.on('response', (response) => {
      const chunks: Buffer[] = []
      let size = 0
      const done = () => {
        finish({ statusCode: response.statusCode, responseBody: Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8') })
        response.destroy()
      }
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        size += chunk.length
        if (size >= RESPONSE_EXCERPT_BYTES) done()
      })
      response.on('end', done)
      response.on('error', done)
    })
    request.end(body)
  })
}
