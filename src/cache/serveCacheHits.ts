import type { RequestHandler } from 'express'

import { afterCacheMiss } from './cacheLookupScope'
import { isCacheableRequest } from './isCacheableRequest'
import type { CacheStore } from './types'
import { planAnswer } from './withResponseCache'

type Options = { store: CacheStore; cacheControl: string; cookiePrefix: string }

/**
 * Answers cache hits straight from Express, before a Fetch Request is made for Payload: the path
 * a frontend's repeated reads take. A miss goes on to withResponseCache, which knows it missed
 * (cacheLookupScope) and does not read the store again; anything the cache may not answer goes
 * on untouched (isCacheableRequest, the same rule on both paths).
 */
export function serveCacheHits({ store, cacheControl, cookiePrefix }: Options): RequestHandler {
  return async (req, res, next) => {
    const url = new URL(req.originalUrl, 'http://folio.invalid')
    const key = isCacheableRequest({ method: req.method, url, authorization: req.headers.authorization, cookie: req.headers.cookie }, cookiePrefix)
    if (!key) return next()
    const entry = await store.get(key)
    if (!entry) {
      const mark = await store.mark()
      afterCacheMiss({ key, mark }, next)
      return
    }
    const { status, headers, body } = planAnswer(
      entry,
      { method: req.method, ifNoneMatch: req.headers['if-none-match'], acceptEncoding: req.headers['accept-encoding'] },
      cacheControl,
      'HIT',
    )
    // Set one by one, beside what earlier middleware set (security and rate-limit headers).
    for (const [name] of headers) res.removeHeader(name)
    for (const [name, value] of headers) res.appendHeader(name, value)
    res.writeHead(status)
    res.end(body)
  }
}
