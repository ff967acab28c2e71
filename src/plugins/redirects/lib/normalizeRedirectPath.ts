export const MAX_REDIRECT_PATH_LENGTH = 2000

/**
 * The form a path is stored and looked up in: starting with one slash, without repeated or
 * trailing slashes, fragment or host (a full URL of the site gives its path). The query string
 * is kept: /old?page=2 may redirect elsewhere than /old. Undefined for something that is no path.
 */
export function normalizeRedirectPath(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined
  let value = input.trim()
  // Whitespace and control characters (those below the space) are never part of a path.
  if (!value || value.length > MAX_REDIRECT_PATH_LENGTH || /\s/.test(value) || [...value].some((char) => char < ' ')) return undefined
  if (/^https?:\/\//i.test(value)) {
    try {
      const url = new URL(value)
      value = `${url.pathname}${url.search}`
    } catch {
      return undefined
    }
  }
  if (!value.startsWith('/') || value.startsWith('//')) return undefined
  const hashAt = value.indexOf('#')
  if (hashAt >= 0) value = value.slice(0, hashAt)
  const queryAt = value.indexOf('?')
  const pathname = queryAt >= 0 ? value.slice(0, queryAt) : value
  const search = queryAt >= 0 && queryAt < value.length - 1 ? value.slice(queryAt) : ''
  const cleanPath = pathname.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1')
  return `${cleanPath}${search}`
}
