import { draftMode } from 'next/headers'
import type { NextRequest } from 'next/server'

import { signedInUser } from '@/site/preview'
import { siteLocaleOf } from '@/site/siteLocale'
import { sitePath } from '@/site/sitePath'

export const dynamic = 'force-dynamic'

/**
 * The admin's Preview button and live preview open `/preview?path=<path>&locale=<code>&collection=…&id=…`.
 * A signed-in editor gets draft mode (Next.js' cookie) and goes on to the path in the language
 * they are editing (`/de/…` for German; a language the site does not have is the default); anyone
 * else is sent to sign in first, and draft mode stays off. Draft mode alone shows nothing: every
 * draft read carries the visitor's own session, and Folio's access rules decide.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const { searchParams } = request.nextUrl
  const path = siteLocaleOf(searchParams.get('locale')).href(sitePath(searchParams.get('path')))
  const user = await signedInUser(request)
  if (!user) {
    const back = `${request.nextUrl.pathname}${request.nextUrl.search}`
    return new Response(null, { status: 302, headers: { Location: `/admin/login?redirect=${encodeURIComponent(back)}`, 'Cache-Control': 'no-store' } })
  }
  ;(await draftMode()).enable()
  return new Response(null, { status: 307, headers: { Location: path, 'Cache-Control': 'no-store' } })
}
