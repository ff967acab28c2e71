import { draftMode } from 'next/headers'
import type { NextRequest } from 'next/server'

import { sitePath } from '@/site/sitePath'

export const dynamic = 'force-dynamic'

/** Leaves preview: draft mode off, back to the page as visitors see it. */
export async function GET(request: NextRequest): Promise<Response> {
  ;(await draftMode()).disable()
  return new Response(null, { status: 307, headers: { Location: sitePath(request.nextUrl.searchParams.get('path')), 'Cache-Control': 'no-store' } })
}
