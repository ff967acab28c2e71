import type { Config } from 'payload'

import type { FetchHandler } from '../server/FetchHandler'
import { knownMiss } from './cacheLookupScope'
import { carriesCredentials } from './carriesCredentials'
import { corsOriginHeaders, ORIGIN_DEPENDENT_HEADERS, variesByOrigin } from './corsOrigin'
import { runWithDependencies } from './dependencyScope'
import { encodeBody, encodeBodyFor, etagsOf, representationOf, type Representation } from './encodings'
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
  /** Payload's CORS setting: the allowed origin is set for each caller, never replayed. */
  cors: Config['cors']
}

const PRIVATE = 'private, no-store'
/** Headers of the original response not replayed from the cache. */
const NOT_REPLAYED = new Set(['content-length', 'date', 'connection', 'transfer-encoding', 'keep-alive', 'set-cookie', 'etag', 'cache-control', 'vary', 'x-cache', 'content-encoding'])

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

/** Who asks, as far as a cached answer's headers depend on it. */
export type Caller = { origin: string | null | undefined; cors: Config['cors'] }

type Outcome = 'HIT' | 'MISS' | 'BYPASS'
type HeaderPairs = readonly (readonly [string, string])[]

/** The headers a cacheable answer is sent with, whether it comes from the cache or not, but for the caller's own (CORS origin). */
function answerHeaders(entry: CachedResponse, representation: Representation, cacheControl: string, outcome: Outcome, variesOnOrigin: boolean): [string, string][] {
  return [
    ...entry.headers.filter(([name]) => !ORIGIN_DEPENDENT_HEADERS.has(name.toLowerCase())),
    ['ETag', representation.etag],
    ['Cache-Control', cacheControl],
    // Shared caches must not hand the anonymous answer to a request that carries credentials,
    // nor a compressed one to a client that cannot read it (nor one origin's to another).
    ['Vary', variesOnOrigin ? 'Authorization, Accept-Encoding, Origin' : 'Authorization, Accept-Encoding'],
    ...(representation.encoding ? [['Content-Encoding', representation.encoding] as [string, string]] : []),
    ['X-Cache', outcome],
  ]
}

/** An answer as it goes out to anyone (its caller's CORS headers aside, its body left out for HEAD): the same object for every request it fits. */
export type PreparedAnswer = { status: number; headers: HeaderPairs; body?: Uint8Array }

/** Each entry's prepared answers, by how they were asked for: made on the first request of each kind. */
const preparedFor = new WeakMap<CachedResponse, Map<string, PreparedAnswer>>()

/**
 * How a cacheable answer goes out, but for its caller's CORS headers: 304 when the client holds
 * it already, its headers, and its bytes (which a HEAD answer leaves out). Prepared once per entry
 * and kind of request (encoding, 304 or not), so that a cache hit only picks it.
 */
export function prepareAnswer(
  entry: CachedResponse,
  request: { ifNoneMatch: string | null | undefined; acceptEncoding: string | null | undefined },
  cacheControl: string,
  outcome: Outcome,
  variesOnOrigin: boolean,
): PreparedAnswer {
  const representation = representationOf(entry, request.acceptEncoding)
  const notModified = Boolean(request.ifNoneMatch) && matchesIfNoneMatch(request.ifNoneMatch, etagsOf(entry))
  const kind = `${notModified ? 304 : entry.status}|${representation.encoding ?? ''}|${outcome}|${variesOnOrigin}|${cacheControl}`
  let prepared = preparedFor.get(entry)
  const known = prepared?.get(kind)
  if (known) return known
  const headers = answerHeaders(entry, representation, cacheControl, outcome, variesOnOrigin)
  const answer: PreparedAnswer = notModified
    ? { status: 304, headers: headers.filter(([name]) => !/^content-(type|encoding)$/i.test(name)) }
    : { status: entry.status, headers: [...headers, ['Content-Length', String(representation.body.byteLength)]], body: representation.body }
  if (!prepared) {
    prepared = new Map()
    preparedFor.set(entry, prepared)
  }
  prepared.set(kind, answer)
  return answer
}

/** How a cacheable answer goes out to its caller: the prepared answer with the caller's CORS headers. */
export function planAnswer(
  entry: CachedResponse,
  request: { method: string; ifNoneMatch: string | null | undefined; acceptEncoding: string | null | undefined },
  cacheControl: string,
  outcome: Outcome,
  caller: Caller,
): { status: number; headers: HeaderPairs; body?: Uint8Array } {
  const { status, headers, body } = prepareAnswer(entry, request, cacheControl, outcome, variesByOrigin(caller.cors))
  return { status, headers: [...corsOriginHeaders(caller.cors, caller.origin), ...headers], body: request.method === 'HEAD' ? undefined : body }
}

function answer(request: Request, entry: CachedResponse, cacheControl: string, outcome: 'HIT' | 'MISS' | 'BYPASS', cors: Config['cors']): Response {
  const { status, headers, body } = planAnswer(
    entry,
    { method: request.method, ifNoneMatch: request.headers.get('if-none-match'), acceptEncoding: request.headers.get('accept-encoding') },
    cacheControl,
    outcome,
    { origin: request.headers.get('origin'), cors },
  )
  return new Response(body ? (body as unknown as BodyInit) : null, { status, headers: headers.map(([name, value]): [string, string] => [name, value]) })
}

/**
 * Serves anonymous GET requests from the cache, or answers them and keeps the answer with the
 * tags of everything it read (withCacheInvalidation), until a write invalidates one of
 * them. Every cacheable answer gets a strong ETag and 304s on If-None-Match; requests with
 * credentials get `Cache-Control: private, no-store` and are never stored.
 */
export function withResponseCache(handler: FetchHandler, options: ResponseCacheOptions): FetchHandler {
  const { store, cacheControl, cookiePrefix, isStorable = () => true, maxEntryBytes, cors } = options
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
      if (cached) return answer(request, cached, cacheControl, 'HIT', cors)
      mark = (await store?.mark()) ?? { seq: 0, takenAt: Date.now() }
    }
    const { result: response, dependencies } = await runWithDependencies(() => handler(request))
    // Payload found a user in credentials the check above did not recognise: theirs alone.
    if (dependencies.answeredForUser) return withHeader(response, 'Cache-Control', PRIVATE)
    if (!isCacheableResponse(response) || dependencies.uncacheable || dependencies.tags.size === 0) return response
    if (Number(response.headers.get('content-length') ?? 0) > maxEntryBytes) return response
    const body = new Uint8Array(await response.arrayBuffer())
    const contentType = response.headers.get('content-type')
    const storable = store !== undefined && isStorable(body)
    const entry: CachedResponse = {
      status: response.status,
      headers: [...response.headers].filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase()) && !ORIGIN_DEPENDENT_HEADERS.has(name.toLowerCase())),
      body,
      // Kept: in every form hits may ask for. Sent once: in the one form this request asks for.
      encoded: storable ? await encodeBody(body, contentType) : await encodeBodyFor(body, contentType, request.headers.get('accept-encoding')),
      etag: computeETag(body),
      tags: [...dependencies.tags],
      storedAt: Date.now(),
    }
    const stored = storable ? await store.set(key, entry, mark) : false
    return answer(request, entry, cacheControl, stored ? 'MISS' : 'BYPASS', cors)
  }
}
