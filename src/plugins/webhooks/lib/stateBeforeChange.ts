import type { PayloadRequest } from 'payload'

/** What a change's webhook events need to know about the document as it was before. */
export type StateBeforeChange = {
  wasPublished: boolean
  previousVersionId: string | null
  publicView?: Record<string, unknown> | null
}

const key = (collection: string, id: string | number) => `webhooks:before:${collection}:${id}`

export function rememberState(req: PayloadRequest, collection: string, id: string | number, state: StateBeforeChange): void {
  req.context[key(collection, id)] = state
}

export function recallState(req: PayloadRequest, collection: string, id: string | number): StateBeforeChange | undefined {
  return req.context[key(collection, id)] as StateBeforeChange | undefined
}
