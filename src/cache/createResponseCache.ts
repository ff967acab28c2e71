import type { RequestListener } from 'node:http'

import type { Payload } from 'payload'

import type { CacheSettings } from '../settings'
import { createMemoryCacheStore } from './createMemoryCacheStore'
import { createRedisCacheStore } from './createRedisCacheStore'
import { onInvalidation } from './invalidationBus'
import { watchAuthentication } from '../server/watchAuthentication'
import { markAnsweredForUser } from './dependencyScope'
import { serveCacheHitsFirst, type HitPathOptions } from './serveCacheHits'
import type { CacheStore } from './types'
import { withResponseCache } from './withResponseCache'
import type { FetchHandler } from '../server/FetchHandler'

export type ResponseCache = {
  /** Absent when FOLIO_CACHE=false. */
  store?: CacheStore
  wrap: (handler: FetchHandler, isStorable?: (body: Uint8Array) => boolean) => FetchHandler
  /** Answers hits at the Node server's request listener, handing everything else to `rest` (Express). */
  serveHitsFirst: (options: Omit<HitPathOptions, 'store' | 'cacheControl' | 'cookiePrefix' | 'cors'>, rest: RequestListener) => RequestListener
  close: () => Promise<void>
}

/**
 * Folio's response cache for anonymous API reads: a store (this process's memory, or Redis shared
 * by several instances), kept exact by the invalidations every database write publishes.
 */
export function createResponseCache(payload: Payload, settings: CacheSettings): ResponseCache {
  const store = !settings.enabled
    ? undefined
    : settings.redisUrl
      ? createRedisCacheStore({ url: settings.redisUrl, ttlMs: settings.ttlMs, log: payload.logger })
      : createMemoryCacheStore({ maxBytes: settings.maxBytes, ttlMs: settings.ttlMs })
  const unsubscribe = store
    ? onInvalidation((tags) => {
        store.invalidate(tags).catch((error: unknown) => payload.logger.error({ err: error, tags }, 'response cache: invalidation failed'))
      })
    : () => undefined
  const cookiePrefix = payload.config.cookiePrefix || 'payload'
  // Payload's own decision on who is asking: an answer it gave a user is never stored or shared.
  watchAuthentication(payload, markAnsweredForUser)
  return {
    store,
    // One answer may take an eighth of the memory budget.
    wrap: (handler, isStorable) =>
      withResponseCache(handler, { store, cacheControl: settings.cacheControl, cookiePrefix, isStorable, maxEntryBytes: settings.maxBytes / 8, cors: payload.config.cors }),
    serveHitsFirst: (options, rest) => (store ? serveCacheHitsFirst({ ...options, store, cacheControl: settings.cacheControl, cookiePrefix, cors: payload.config.cors }, rest) : rest),
    close: async () => {
      unsubscribe()
      await store?.close()
    },
  }
}
