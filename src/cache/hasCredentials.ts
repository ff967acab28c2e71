/**
 * Whether a request may be answered for someone in particular: it carries an Authorization
 * header (JWT or API key) or Payload's auth cookie. Such requests are never cached.
 */
export function hasCredentials(request: Request, cookiePrefix: string): boolean {
  if (request.headers.has('authorization')) return true
  const cookie = request.headers.get('cookie')
  return Boolean(cookie && cookie.includes(`${cookiePrefix}-token=`))
}
