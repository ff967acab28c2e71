import { docAccessOperation, Forbidden, NotFound, UnauthorizedError, type CollectionSlug, type PayloadRequest } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { isDocumentId } from '@/lib/isDocumentId'
import { routeParam } from '@/lib/routeParam'

/**
 * The document named in the URL, when the signed-in user may publish it (the same rule as the
 * admin's Schedule drawer): 401 signed out, 404 unknown or unreadable, 403 without update access.
 */
export async function requirePublishPermission(req: PayloadRequest, collection: CollectionSlug): Promise<string> {
  if (!req.user) throw new UnauthorizedError(req.t)
  const id = routeParam(req, 'id')
  if (!isDocumentId(id)) throw new ClientError(`id: "${String(id)}" is not a document id`)
  const doc = await req.payload.findByID({ collection, id, depth: 0, draft: true, overrideAccess: false, disableErrors: true, req })
  if (!doc) throw new NotFound(req.t)
  const permission = await docAccessOperation({ id, collection: req.payload.collections[collection], req })
  if (!permission.update) throw new Forbidden(req.t)
  return id
}
