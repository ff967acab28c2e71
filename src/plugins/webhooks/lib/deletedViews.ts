import type { PayloadRequest } from 'payload'

const key = (collection: string, id: string | number) => `webhooks:deleted:${collection}:${id}`

/** What the public could read of a document about to be deleted: the `deleted` event carries it. */
export function rememberDeletedView(req: PayloadRequest, collection: string, id: string | number, view: Record<string, unknown> | null): void {
  req.context[key(collection, id)] = view
}

export function recallDeletedView(req: PayloadRequest, collection: string, id: string | number): Record<string, unknown> | null {
  return (req.context[key(collection, id)] as Record<string, unknown> | null | undefined) ?? null
}
