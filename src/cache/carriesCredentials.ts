/**
 * Whether a request carries credentials in any spelling Payload might accept: an Authorization
 * header of any scheme (JWT, Bearer, `<collection> API-Key`), or a cookie whose name, once spaces,
 * quotes and case are set aside, is Payload's auth cookie, in any of several Cookie headers
 * (joined with `;` by Node and with `,` by Fetch). Such a request is never served from the cache
 * and its answer is never stored.
 *
 * Deliberately wider than Payload's own parsing (`payload/dist/auth/extractJWT`), which trims names
 * but keeps case and quotes: a spelling Payload refuses only costs a cache bypass, while one it
 * accepts and this missed would hand a cached anonymous answer to staff. The other direction,
 * a signed-in answer stored for anonymous readers, is closed by Payload's own decision
 * (`watchAuthentication`), not by this parser.
 */
export function carriesCredentials(authorization: string | null | undefined, cookie: string | null | undefined, cookiePrefix: string): boolean {
  if (authorization !== null && authorization !== undefined) return true
  if (!cookie) return false
  const tokenCookie = `${cookiePrefix}-token`.toLowerCase()
  return cookie.split(/[;,]/).some((pair) => {
    const name = pair.split('=', 1)[0] ?? ''
    return name.replace(/[\s"']/g, '').toLowerCase() === tokenCookie
  })
}
