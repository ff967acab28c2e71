import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'

import type { Config } from 'payload'

import type { RateLimitDecision } from '../rateLimits/createRateLimits'
import { rateLimitHeaders } from '../rateLimits/rateLimitHeaders'
import { answerBeforeExpress } from '../server/answerBeforeExpress'
import { findQueryProblem } from '../server/validateApiQuery'
import { afterCacheMiss } from './cacheLookupScope'
import { isCacheableRequest } from './isCacheableRequest'
import type { CacheStore } from './types'
import { planAnswer } from './withResponseCache'

export type HitPathOptions = {
  store: CacheStore
  cacheControl: string
  cookiePrefix: string
  /** Payload's CORS setting: each hit names its own caller's origin. */
  cors: Config['cors']
  /** The API's path prefix with its slash (`/api/`). */
  apiPrefix: string
  /** The visitor's address, as Express reads it (`trust proxy`). */
  clientAddress: (req: IncomingMessage) => string
  /** The API's rate limit; a refused request goes on to Express, which answers the 429 with this decision. */
  rateLimit: (req: IncomingMessage, address: string) => Promise<RateLimitDecision>
  /** The API's security headers, set on the response. */
  setSecurityHeaders: (req: IncomingMessage, res: ServerResponse) => void
}

/**
 * Answers cache hits at the Node server's request listener, before Express routes anything: the
 * path a frontend's repeated reads take, at the cost of a lookup. Everything Express would do to
 * such a request before the cache is done here too: the same rule on what the cache may answer
 * (isCacheableRequest), the query checks (a query Folio refuses is never answered from the cache),
 * the rate limit and its headers, the security headers. A miss goes on to Express knowing it
 * missed (cacheLookupScope), so the store is read once; anything else goes on untouched.
 */
export function serveCacheHitsFirst(options: HitPathOptions, rest: RequestListener): RequestListener {
  const { store, cacheControl, cookiePrefix, apiPrefix } = options

  /** True when the request was answered (or handed on after a miss). */
  const tryHit = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const { method = 'GET', url: target = '/' } = req
    if ((method !== 'GET' && method !== 'HEAD') || !target.startsWith(apiPrefix)) return false
    const url = new URL(target, 'http://folio.invalid')
    const key = isCacheableRequest({ method, url, authorization: req.headers.authorization, cookie: req.headers.cookie }, cookiePrefix)
    if (!key || findQueryProblem(target)) return false
    const entry = await store.get(key)
    if (!entry) {
      const mark = await store.mark()
      afterCacheMiss({ key, mark }, () => rest(req, res))
      return true
    }
    const decision = await options.rateLimit(req, options.clientAddress(req))
    if (!decision.allowed) return false
    options.setSecurityHeaders(req, res)
    for (const [name, value] of Object.entries(rateLimitHeaders(decision))) res.setHeader(name, value)
    const { status, headers, body } = planAnswer(
      entry,
      { method, ifNoneMatch: req.headers['if-none-match'], acceptEncoding: req.headers['accept-encoding'] },
      cacheControl,
      'HIT',
      { origin: req.headers.origin, cors: options.cors },
    )
    for (const [name, value] of headers) res.setHeader(name, value)
    res.writeHead(status)
    res.end(body)
    return true
  }

  // A store that fails is a miss: Express answers, and reports what it must.
  return answerBeforeExpress(tryHit, rest)
}
