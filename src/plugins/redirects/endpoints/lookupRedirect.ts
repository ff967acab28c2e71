import type { Endpoint, PayloadRequest } from 'payload'

import { ClientError } from '../../../errors/ClientError'
import { resolveRedirect } from '../lib/resolveRedirect'

function requestedPath(req: PayloadRequest): string {
  const path = req.searchParams.get('path')
  if (!path) throw new ClientError('path: give the path to look up, for example ?path=/old-page')
  return path
}

/** GET /api/redirects/lookup?path=/old-page — the redirect as JSON, for frontends. */
export const lookupRedirect: Endpoint = {
  path: '/lookup',
  method: 'get',
  handler: async (req) => {
    const path = requestedPath(req)
    const redirect = await resolveRedirect(req, path)
    if (!redirect) return Response.json({ errors: [{ message: `No redirect for ${path}` }] }, { status: 404 })
    return Response.json(redirect)
  },
}

/**
 * GET /api/redirects/follow?path=/old-page — the redirect itself (301 or 302 with Location),
 * for a reverse proxy to hand to the visitor; 404 when there is none.
 */
export const followRedirect: Endpoint = {
  path: '/follow',
  method: 'get',
  handler: async (req) => {
    const path = requestedPath(req)
    const redirect = await resolveRedirect(req, path)
    if (!redirect) return Response.json({ errors: [{ message: `No redirect for ${path}` }] }, { status: 404 })
    return new Response(null, { status: redirect.status, headers: { Location: redirect.to } })
  },
}
