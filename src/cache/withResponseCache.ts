import type { FetchHandler } from '../server/FetchHandler'
import { knownMiss } from './cacheLookupScope'
import { carriesCredentials } from './carriesCredentials'
import { runWithDependencies } from './dependencyScope'
import { computeETag, matchesIfNoneMatch } from './etag'
import { isCacheableRequest } from './isCacheableRequest'
import type { CacheStore, CachedResponse } from './types'

export type ResponseCacheOptions = {
  /** Absent when the cache is off: responses still get an ETag and 304s. */
  store?: CacheStore
  cacheControl: string
  cookiePrefix: string
  /** Further say on whether a 200 may be stored (GraphQL answers errors with 200). */
  isStorable?: (body: Uint8Array) => boolean
  /** Larger answers (a big upload's file) are streamed through untouched, without an ETag. */
  maxEntryBytes: number
}

const PRIVATE = 'private, no-store'
/** Headers of the original response not replayed from the cache. */
const NOT_REPLAYED = new Set(['content-length', 'date', 'connection', 'transfer-encoding', 'keep-alive', 'set-cookie', 'etag', 'cache-control', 'vary', 'x-cache'])

function isCacheableResponse(response: Response): boolean {
  if (response.status !== 200 || response.headers.has('set-cookie')) return false
  const cacheControl = response.headers.get('cache-control')?.toLowerCase() ?? ''
  return !/(no-store|private|no-cache)/.test(cacheControl)
}

function withHeader(response: Response, name: string, value: string): Response {
  const headers = new Headers(response.headers)
  headers.set(name, value)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

/** The headers a cacheable answer is sent with, whether it comes from the cache or not. */
export function answerHeaders(entry: CachedResponse, cacheControl: string, outcome: 'HIT' | 'MISS' | 'BYPASS'): [string, string][] {
  return [
    ...entry.headers,
    ['ETag', entry.etag],
    ['Cache-Control', cacheControl],
    // Shared caches must not hand the anonymous answer to a request that carries credentials.
    ['Vary', 'Authorization'],
    ['X-Cache', outcome],
  ]
}

function answer(request: Request, entry: CachedResponse, cacheControl: string, outcome: 'HIT' | 'MISS' | 'BYPASS'): Response {
  const headers = new Headers(answerHeaders(entry, cacheControl, outcome))
  if (matchesIfNoneMatch(request.headers.get('if-none-match'), entry.etag)) {
    headers.delete('content-type')
    return new Response(null, { status: 304, headers })
  }
  return new Response(request.method === 'HEAD' ? null : (entry.body as unknown as BodyInit), { status: entry.status, headers })
}

/**
 * Serves anonymous GET requests from the cache, or answers them and keeps the answer with the
 * tags of everything it read (withCacheInvalidation), until a write invalidates one of
 * them. Every cacheable answer gets a strong ETag and 304s on If-None-Match; requests with
 * credentials get `Cache-Control: private, no-store` and are never stored.
 */
export function withResponseCache(handler: FetchHandler, options: ResponseCacheOptions): FetchHandler {
  const { store, cacheControl, cookiePrefix, isStorable = () => true, maxEntryBytes } = options
  return async (request) => {
    const url = new URL(request.url)
    const key = isCacheableRequest({ method: request.method, url, authorization: request.headers.get('authorization'), cookie: request.headers.get('cookie') }, cookiePrefix)
    if (!key) {
      const response = await handler(request)
      // A read for someone in particular: no shared cache along the way may keep it either.
      const isRead = request.method === 'GET' || request.method === 'HEAD'
      const isPersonal = isRead && carriesCredentials(request.headers.get('authorization'), request.headers.get('cookie'), cookiePrefix)
      return isPersonal ? withHeader(response, 'Cache-Control', PRIVATE) : response
    }

    let mark = knownMiss(key)
    if (!mark) {
      const cached = await store?.get(key)
      if (cached) return answer(request, cached, cacheControl, 'HIT')
      mark = (await store?.mark()) ?? { seq: 0, takenAt: Date.now() }
    }
    const { result: response, dependencies } = await runWithDependencies(() => handler(request))
    // Payload found a user in credentials the check above did not recognise: theirs alone.
    if (dependencies.answeredForUser) return withHeader(response, 'Cache-Control', PRIVATE)
    if (!isCacheableResponse(response) || dependencies.uncacheable || dependencies.tags.size === 0) return response
    if (Number(response.headers.get('content-length') ?? 0) > maxEntryBytes) return response
    const body = new Uint8Array(await response.arrayBuffer())
    const entry: CachedResponse = {
      status: response.status,
      headers: [...response.headers].filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase())),
      body,
      etag: computeETag(body),
      tags: [...dependencies.tags],
      storedAt: Date.now(),
    }
    const stored = store && isStorable(body) ? await store.set(key, entry, mark) : false
    return answer(request, entry, cacheControl, stored ? 'MISS' : 'BYPASS')
  }
}
