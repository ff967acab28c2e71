import { NotFound, type CollectionSlug, type PayloadRequest } from 'payload'

import { isDocumentId } from '@/lib/isDocumentId'

/** The stored record with the route's `:id` in `collection`, or a 404 naming what was looked for. */
export async function findRecord<T>(req: PayloadRequest, collection: string): Promise<T> {
  const id = req.routeParams?.id
  const doc = isDocumentId(id) ? await req.payload.db.findOne({ collection: collection as CollectionSlug, where: { id: { equals: id } }, req }) : null
  if (!doc) throw new NotFound(req.t)
  return { ...doc, id: String(doc.id) } as T
}
