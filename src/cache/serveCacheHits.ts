import type { RequestHandler } from 'express'

import { cacheKey } from './cacheKey'
import { carriesCredentials } from './carriesCredentials'
import { matchesIfNoneMatch } from './etag'
import type { CacheStore } from './types'
import { answerHeaders } from './withResponseCache'

type Options = { store: CacheStore; cacheControl: string; cookiePrefix: string }

/**
 * Answers cache hits straight from Express, before a Fetch Request is made for Payload: the path
 * a frontend's repeated reads take. Anything else goes on to withResponseCache, which decides the
 * same way (anonymous, no draft, same key).
 */
export function serveCacheHits({ store, cacheControl, cookiePrefix }: Options): RequestHandler {
  return async (req, res, next) => {
    if (carriesCredentials(req.headers.authorization, req.headers.cookie, cookiePrefix)) return next()
    const key = cacheKey(new URL(req.originalUrl, 'http://folio.invalid'))
    const entry = key ? await store.get(key) : undefined
    if (!entry) return next()
    // Set one by one, beside what earlier middleware set (security and rate-limit headers).
    const headers = answerHeaders(entry, cacheControl, 'HIT')
    const send = (status: number, pairs: [string, string][]) => {
      for (const [name] of pairs) res.removeHeader(name)
      for (const [name, value] of pairs) res.appendHeader(name, value)
      res.writeHead(status)
    }
    if (matchesIfNoneMatch(req.headers['if-none-match'] ?? null, entry.etag)) {
      send(304, headers.filter(([name]) => name.toLowerCase() !== 'content-type'))
      res.end()
      return
    }
    send(entry.status, [...headers, ['Content-Length', String(entry.body.byteLength)]])
    res.end(req.method === 'HEAD' ? undefined : entry.body)
  }
}
