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
