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

/** The URL to post to, or why nothing is sent: not a URL, or a literal IP address the policy refuses. */
function checkTarget(url: string, policy: AddressPolicy): URL | { error: string } {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return { error: `invalid URL: ${url}` }
  }
  const literal = target.hostname.replace(/^\[|\]$/g, '')
  if (net.isIP(literal)) {
    const refusal = policy.refusal(target.hostname, literal)
    if (refusal) return { error: `refused: ${refusal}` }
  }
  return target
}

/**
 * One POST to a receiver: addresses checked while connecting, redirects not followed (a 3xx is a
 * failure), the whole exchange bounded by `timeoutMs`, at most RESPONSE_EXCERPT_BYTES read back.
 */
export function postWebhook({ url, headers, body, timeoutMs, policy }: PostOptions): Promise<PostResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  return new Promise((resolve) => {
    const answer = (result: Omit<PostResult, 'durationMs'>) => resolve({ ...result, durationMs: elapsed() })
    const target = checkTarget(url, policy)
    if (!(target instanceof URL)) return answer(target)

    const client = target.protocol === 'https:' ? https : http
    const request = client.request(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body).toString() },
      lookup: guardedLookup(policy),
      agent: false,
    })
    let settled = false
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${timeoutMs} ms`))
    }, timeoutMs)
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      answer(result)
    }

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
