import { createLocalReq, type CollectionSlug, type PayloadRequest, type TypedLocale } from 'payload'

/**
 * The document as an anonymous reader would get it from the API (published version, public
 * fields, relations to `depth`), or null when the public cannot read it. Runs in the writing
 * request's transaction, with a request of its own so nothing is shared with the signed-in user.
 */
export async function readPublicView(
  req: PayloadRequest,
  { collection, id, depth, locale }: { collection: string; id: string | number; depth: number; locale?: string | null },
): Promise<Record<string, unknown> | null> {
  const anonymous = await createLocalReq({ context: { ...req.context }, locale: locale ?? undefined, req: { transactionID: req.transactionID } }, req.payload)
  const doc = await req.payload.findByID({
    collection: collection as CollectionSlug,
    id,
    depth,
    ...(locale ? { locale: locale as TypedLocale } : {}),
    draft: false,
    overrideAccess: false,
    disableErrors: true,
    req: anonymous,
  })
  return (doc as Record<string, unknown> | null) ?? null
}
