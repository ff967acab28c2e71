import type { CollectionSlug, PayloadRequest } from 'payload'

/** The id of the newest stored version of a document, or null (no versions, or none yet). */
export async function findLatestVersionId(req: PayloadRequest, collection: string, id: string | number): Promise<string | null> {
  const { docs } = await req.payload.db.findVersions({
    collection: collection as CollectionSlug,
    where: { parent: { equals: id } },
    sort: '-updatedAt',
    limit: 1,
    pagination: false,
    req,
  })
  return docs[0] ? String(docs[0].id) : null
}
