import type { NextRequest } from 'next/server'

import { apiOrigin, SESSION_COOKIE, siteRequestHeaders } from './siteApi'
import { SITE_VISITOR_HEADER } from './siteHeaders'

/** The user the request's session cookie belongs to (Folio's `/api/users/me`), or undefined. */
export async function signedInUser(request: NextRequest): Promise<{ id: string; email: string } | undefined> {
  const token = request.cookies.get(SESSION_COOKIE)?.value
  if (!token) return undefined
  const response = await fetch(`${apiOrigin()}/api/users/me`, { cache: 'no-store', headers: siteRequestHeaders(request.headers.get(SITE_VISITOR_HEADER), token) })
  if (!response.ok) return undefined
  const { user } = (await response.json()) as { user?: { id: string; email: string } | null }
  return user ?? undefined
}
