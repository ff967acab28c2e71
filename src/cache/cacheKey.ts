import { boundedMemo } from '../lib/boundedMemo'

/** Query parameters whose answer is not the anonymous published view. */
const UNCACHEABLE_PARAMS = ['draft', 'trash']

/**
 * The key of a request in the cache: its path and its query parameters sorted by name, so that
 * `?limit=5&depth=1` and `?depth=1&limit=5` share an entry. Undefined for requests for drafts.
 */
export function cacheKey(url: URL): string | undefined {
  const params = new URLSearchParams(url.search)
  for (const name of UNCACHEABLE_PARAMS) {
    const value = params.get(name)
    if (value !== null && value !== 'false') return undefined
  }
  params.sort()
  const query = params.toString()
  return query ? `${url.pathname}?${query}` : url.pathname
}

/** Request targets whose key is remembered: a site's frontends repeat a few thousand URLs at most. */
const TARGETS_REMEMBERED = 2000

/** The key of a request target (`/api/posts?limit=5`), parsed once for the last few thousand targets asked. */
const keyOfTarget = boundedMemo((target: string) => cacheKey(new URL(target, 'http://folio.invalid')), TARGETS_REMEMBERED)

/** The cache key of a parsed URL, or of a request target as Node's server reads it. */
export const cacheKeyOf = (url: URL | string): string | undefined => (typeof url === 'string' ? keyOfTarget(url) : cacheKey(url))
