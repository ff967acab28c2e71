import { getCurrentDate, type Endpoint } from 'payload'

import { FORMS } from '../constants'
import { ClientError } from '@/errors/ClientError'
import { errorResponses, idParameter, jsonResponse, type EndpointDocumentation } from '@/lib/endpointDocumentation'
import { isDocumentId } from '@/lib/isDocumentId'
import { routeParam } from '@/lib/routeParam'
import { TOKEN_MAX_AGE_MS } from '../constants'
import { createFormToken } from '../lib/createFormToken'

/**
 * GET /api/forms/:id/token — public. The frontend fetches a token when it shows the form and
 * sends it with the submission as `formToken`: one submission per token, no sooner than
 * FORM_MIN_FILL_SECONDS and no later than 24 hours after it was issued.
 */
export const issueFormToken: Endpoint = {
  path: '/:id/token',
  method: 'get',
  custom: {
    openapi: {
      summary: 'A token for one submission of the form',
      description: 'Fetch it when the form is shown and send it with the submission as `formToken`: one submission per token, no sooner than FORM_MIN_FILL_SECONDS and no later than 24 hours after it was issued.',
      security: [],
      parameters: [idParameter('form')],
      responses: {
        200: jsonResponse('The token', {
          type: 'object',
          required: ['token', 'expiresAt'],
          properties: { token: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } },
        }),
        ...errorResponses({ 404: 'No such form' }),
      },
    } satisfies EndpointDocumentation,
  },
  handler: async (req) => {
    const id = routeParam(req, 'id')
    const { docs } = isDocumentId(id)
      ? await req.payload.find({ collection: FORMS, where: { id: { equals: id } }, select: { title: true }, depth: 0, limit: 1, overrideAccess: false, req })
      : { docs: [] }
    if (docs.length === 0) throw new ClientError(`Form "${id}" does not exist`, 404)
    const issuedAt = getCurrentDate().getTime()
    return Response.json(
      { token: createFormToken(req.payload.secret, id, issuedAt), expiresAt: new Date(issuedAt + TOKEN_MAX_AGE_MS).toISOString() },
      // Each visit needs its own token: no shared cache may hand one out twice.
      { headers: { 'Cache-Control': 'no-store' } },
    )
  },
}
