import { cacheKeyOf } from './cacheKey'
import { carriesCredentials } from './carriesCredentials'

/** `url`: the parsed URL, or the request target as Node's server reads it (`/api/posts?limit=5`). */
export type CacheableRequest = { method: string; url: URL | string; authorization?: string | null; cookie?: string | null }

/**
 * The one rule for whether the cache may answer a request, on the path that serves hits and on the
 * one that stores answers alike: an anonymous read (GET or HEAD, with no credentials in any
 * spelling Payload might accept), not of drafts. Returns its cache key, or undefined. (What
 * Payload itself decides about who asks is read afterwards: see watchAuthentication.)
 */
export function isCacheableRequest({ method, url, authorization, cookie }: CacheableRequest, cookiePrefix: string): string | undefined {
  if (method !== 'GET' && method !== 'HEAD') return undefined
  if (carriesCredentials(authorization, cookie, cookiePrefix)) return undefined
  return cacheKeyOf(url)
}
