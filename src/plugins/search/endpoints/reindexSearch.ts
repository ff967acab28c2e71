import type { Endpoint, PayloadRequest } from 'payload'

import { requireRole } from '@/access/requireRole'
import { ClientError } from '@/errors/ClientError'
import type { DocumentDescriptions } from '@/lib/DocumentDescription'
import { rebuildSearchIndex } from '../lib/rebuildSearchIndex'
import { errorResponses, jsonResponse, type EndpointDocumentation } from '@/lib/endpointDocumentation'

let rebuilding = false

/** The JSON body, whatever its Content-Type: the admin's Reindex button sends it as text/plain. */
async function readBody(req: PayloadRequest): Promise<unknown> {
  const text = (await req.text?.())?.trim()
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new ClientError('The body must be JSON: { "collections": [...] }')
  }
}

function requestedCollections(data: unknown, searchable: string[]): string[] {
  if (data === undefined) return searchable
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ClientError('The body must be a JSON object: { "collections": [...] }')
  const requested = (data as { collections?: unknown }).collections
  if (requested === undefined) return searchable
  const isSearchable = (slug: unknown): slug is string => typeof slug === 'string' && searchable.includes(slug)
  if (!Array.isArray(requested) || requested.length === 0 || !requested.every(isSearchable)) {
    throw new ClientError(`"collections" must list some of: ${searchable.join(', ')}`)
  }
  return [...new Set(requested)]
}

/**
 * POST /api/search/reindex with `{ "collections": ["posts", "pages"] }` (or no body: all) —
 * admins only. Rebuilds the index from the published documents. It answers the search plugin's
 * own Reindex button in the admin (same path and body), and replaces the plugin's handler, which
 * requires the caller to be allowed to update and delete index entries through the API: here
 * nobody is.
 */
export const reindexSearch = (searchable: string[], describe: DocumentDescriptions): Endpoint => ({
  path: '/reindex',
  method: 'post',
  custom: {
    openapi: {
      summary: 'Rebuild the search index (admins)',
      requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { collections: { type: 'array', items: { type: 'string' } } } } } } },
      responses: {
        200: jsonResponse('Rebuilt', { type: 'object', required: ['message', 'indexed'], properties: { message: { type: 'string' }, indexed: { type: 'object', additionalProperties: { type: 'integer' } } } }),
        ...errorResponses({ 400: 'Not a list of indexed collections', 401: 'Not signed in', 403: 'Admins only' }),
      },
    } satisfies EndpointDocumentation,
  },
  handler: async (req) => {
    requireRole(req, 'admin')
    const collections = requestedCollections(await readBody(req), searchable)
    if (rebuilding) throw new ClientError('The search index is being rebuilt already; try again when that has finished', 409)
    rebuilding = true
    try {
      const indexed = await rebuildSearchIndex(req.payload, collections, describe)
      const summary = Object.entries(indexed).map(([collection, count]) => `${count} ${collection}`).join(', ')
      return Response.json({ message: `Search index rebuilt: ${summary}`, indexed })
    } finally {
      rebuilding = false
    }
  },
})
