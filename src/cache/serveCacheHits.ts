import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'

import type { Config } from 'payload'

import { boundedMemo } from '../lib/boundedMemo'
import type { RateLimitDecision } from '../rateLimits/createRateLimits'
import { rateLimitHeaders } from '../rateLimits/rateLimitHeaders'
import { answerBeforeExpress } from '../server/answerBeforeExpress'
import { findQueryProblem } from '../server/validateApiQuery'
import { afterCacheMiss } from './cacheLookupScope'
import { corsOriginHeaders, variesByOrigin } from './corsOrigin'
import { isCacheableRequest } from './isCacheableRequest'
import type { CacheStore, CachedResponse } from './types'
import { prepareAnswer, type PreparedAnswer } from './withResponseCache'

type HeaderPairs = readonly (readonly [string, string])[]

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
  /** The same decision at once, when no store need be asked (limits off); undefined otherwise. */
  rateLimitNow: (req: IncomingMessage, address: string) => RateLimitDecision | undefined
  /** The API's security headers, as Express' middleware sets them on every API answer. */
  securityHeaders: HeaderPairs
}

/** Request targets whose query check is remembered (see cacheKeyOf: the same few thousand URLs). */
const TARGETS_REMEMBERED = 2000

/**
 * Answers cache hits at the Node server's request listener, before Express routes anything: the
 * path a frontend's repeated reads take, at the cost of a lookup. Everything Express would do to
 * such a request before the cache is done here too: the same rule on what the cache may answer
 * (isCacheableRequest), the query checks (a query Folio refuses is never answered from the cache),
 * the rate limit and its headers, the security headers. A miss goes on to Express knowing it
 * missed (cacheLookupScope), so the store is read once; anything else goes on untouched.
 *
 * A hit costs little more than writing its bytes: what depends on the request target (its key,
 * its query check), on the entry (its headers, each encoding's bytes: prepareAnswer), and on the
 * caller's origin is worked out once and picked afterwards; the headers go out in one writeHead.
 */
export function serveCacheHitsFirst(options: HitPathOptions, rest: RequestListener): RequestListener {
  const { store, cacheControl, cookiePrefix, apiPrefix, cors, securityHeaders } = options
  const variesOnOrigin = variesByOrigin(cors)
  const queryRefused = boundedMemo((target: string) => findQueryProblem(target) !== undefined, TARGETS_REMEMBERED)
  /** A prepared answer's headers after the security headers (its own win where both name one), once per prepared answer. */
  const withSecurityHeaders = new WeakMap<PreparedAnswer, HeaderPairs>()
  const headersOf = (prepared: PreparedAnswer): HeaderPairs => {
    let headers = withSecurityHeaders.get(prepared)
    if (!headers) {
      const own = new Set(prepared.headers.map(([name]) => name.toLowerCase()))
      headers = [...securityHeaders.filter(([name]) => !own.has(name.toLowerCase())), ...prepared.headers]
      withSecurityHeaders.set(prepared, headers)
    }
    return headers
  }

  /** Sends a hit: false when the rate limit refuses it (Express answers the 429). */
  const send = (req: IncomingMessage, res: ServerResponse, method: string, entry: CachedResponse, decision: RateLimitDecision): boolean => {
    if (!decision.allowed) return false
    const prepared = prepareAnswer(
      entry,
      { ifNoneMatch: req.headers['if-none-match'], acceptEncoding: req.headers['accept-encoding'] },
      cacheControl,
      'HIT',
      variesOnOrigin,
    )
    // One writeHead with every header, none set before it: Node's fast path.
    res.writeHead(prepared.status, [...corsOriginHeaders(cors, req.headers.origin), ...Object.entries(rateLimitHeaders(decision)), ...headersOf(prepared)] as [string, string][])
    res.end(method === 'HEAD' ? undefined : prepared.body)
    return true
  }

  /** A miss goes on to Express, which answers it and stores the answer (knowing the store was read). */
  const handOnMiss = async (req: IncomingMessage, res: ServerResponse, key: string): Promise<boolean> => {
    const mark = await store.mark()
    afterCacheMiss({ key, mark }, () => rest(req, res))
    return true
  }

  /** A hit whose rate limit asks a store. */
  const sendWhenAllowed = async (req: IncomingMessage, res: ServerResponse, method: string, entry: CachedResponse): Promise<boolean> =>
    send(req, res, method, entry, await options.rateLimit(req, options.clientAddress(req)))

  /** A store that answers later (Redis). */
  const lookUp = async (req: IncomingMessage, res: ServerResponse, method: string, key: string): Promise<boolean> => {
    const entry = await store.get(key)
    return entry ? sendWhenAllowed(req, res, method, entry) : handOnMiss(req, res, key)
  }

  /**
   * False at once for a request the cache may not answer; true once a hit is sent without waiting
   * (the store in memory and no rate-limit store to ask); otherwise a promise. The store is read
   * once either way.
   */
  const tryHit = (req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> => {
    const { method = 'GET', url: target = '/' } = req
    if ((method !== 'GET' && method !== 'HEAD') || !target.startsWith(apiPrefix)) return false
    const key = isCacheableRequest({ method, url: target, authorization: req.headers.authorization, cookie: req.headers.cookie }, cookiePrefix)
    if (!key || queryRefused(target)) return false
    if (!store.peek) return lookUp(req, res, method, key)
    const entry = store.peek(key)
    if (!entry) return handOnMiss(req, res, key)
    const decision = options.rateLimitNow(req, options.clientAddress(req))
    return decision ? send(req, res, method, entry, decision) : sendWhenAllowed(req, res, method, entry)
  }

  // A store that fails is a miss: Express answers, and reports what it must.
  return answerBeforeExpress(tryHit, rest)
}
