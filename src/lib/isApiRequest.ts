import type { PayloadRequest } from 'payload'

/** True for requests from REST or GraphQL clients, false for Local API calls made by Folio itself. */
export function isApiRequest(req: PayloadRequest): boolean {
  return req.payloadAPI === 'REST' || req.payloadAPI === 'GraphQL'
}
