import type { Endpoint, PayloadRequest } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { ErrorCode } from '@/errors/errorCodes'
import { errorEnvelope } from '@/errors/errorResponse'
import type { DocumentDescriptions } from '@/lib/DocumentDescription'
import { resolveRedirect, type ResolvedRedirect } from '../lib/resolveRedirect'
import { errorResponses, jsonResponse, type EndpointDocumentation } from '@/lib/endpointDocumentation'

/** A GET endpoint answering the redirect for `?path=` with `respond`, or 404 when there is none. */
function redirectEndpoint(path: string, describe: DocumentDescriptions, respond: (redirect: ResolvedRedirect) => Response): Endpoint {
  return {
    path,
    method: 'get',
    custom: {
      openapi: {
        summary: path === '/lookup' ? 'The redirect for a path, as JSON' : 'The redirect for a path, as an HTTP redirect',
        security: [],
        parameters: [{ in: 'query', name: 'path', required: true, schema: { type: 'string' }, description: 'The path asked for, e.g. /old-page.' }],
        responses:
          path === '/lookup'
            ? {
                200: jsonResponse('Where the path leads', {
                  type: 'object',
                  required: ['from', 'to', 'status'],
                  properties: { from: { type: 'string' }, to: { type: 'string' }, status: { type: 'integer', enum: [301, 302] } },
                }),
                ...errorResponses({ 400: 'No path given', 404: 'No redirect for the path' }),
              }
            : {
                301: { description: 'Moved permanently: the Location header says where' },
                302: { description: 'Moved for now: the Location header says where' },
                ...errorResponses({ 400: 'No path given', 404: 'No redirect for the path' }),
              },
      } satisfies EndpointDocumentation,
    },
    handler: async (req: PayloadRequest) => {
      const requested = req.searchParams.get('path')
      if (!requested) throw new ClientError('path: give the path to look up, for example ?path=/old-page')
      const redirect = await resolveRedirect(req, requested, describe)
      if (!redirect) return Response.json(errorEnvelope([{ message: `No redirect for ${requested}`, code: ErrorCode.NotFound }]), { status: 404 })
      return respond(redirect)
    },
  }
}

/** GET /api/redirects/lookup?path=/old-page — the redirect as JSON, for frontends. */
export const lookupRedirect = (describe: DocumentDescriptions) => redirectEndpoint('/lookup', describe, (redirect) => Response.json(redirect))

/**
 * GET /api/redirects/follow?path=/old-page — the redirect itself (301 or 302 with Location),
 * for a reverse proxy to hand to the visitor.
 */
export const followRedirect = (describe: DocumentDescriptions) =>
  redirectEndpoint('/follow', describe, (redirect) => new Response(null, { status: redirect.status, headers: { Location: redirect.to } }))
