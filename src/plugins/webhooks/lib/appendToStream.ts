import { getCurrentDate, type PayloadRequest } from 'payload'

import { WEBHOOK_DELIVERIES, WEBHOOK_STREAMS, WEBHOOK_SUCCESSORS } from '../constants'

/** The stream's latest delivery, which a new delivery of the stream must wait for. */
export async function findStreamTail(req: PayloadRequest, key: string): Promise<string | null> {
  const stream = await req.payload.db.findOne<{ id: string; last: string }>({ collection: WEBHOOK_STREAMS, where: { id: { equals: key } }, req })
  return stream?.last ?? null
}

/** The delivery waiting for `deliveryId`, if one is. */
export async function findSuccessor(req: PayloadRequest, deliveryId: string): Promise<string | null> {
  const link = await req.payload.db.findOne<{ id: string; next: string }>({ collection: WEBHOOK_SUCCESSORS, where: { id: { equals: deliveryId } }, req })
  return link?.next ?? null
}

/** How often an append may find that another write of the same document moved the stream first. */
const MAX_APPEND_TRIES = 20

/**
 * Makes `deliveryId` the stream's latest delivery and returns the one it comes after. `previous`
 * is the latest the caller saw (null: no stream yet). The stream moves from `previous` to the new
 * delivery only if it still ends there (compare and swap): when another write of the same document
 * moved it first, the delivery is put after that write's delivery instead and the swap tried again,
 * so concurrent writes line their deliveries up one after another, each linked from the one before.
 */
export async function appendToStream(
  req: PayloadRequest,
  { key, deliveryId, previous }: { key: string; deliveryId: string; previous: string | null },
): Promise<string | null> {
  let after = previous
  for (let tries = 0; tries < MAX_APPEND_TRIES; tries++) {
    const stamps = { createdAt: getCurrentDate().toISOString(), updatedAt: getCurrentDate().toISOString() }
    let tail: string | null
    if (after === null) {
      try {
        await req.payload.db.create({ collection: WEBHOOK_STREAMS, data: { id: key, last: deliveryId, ...stamps }, req })
        return null
      } catch (error) {
        // Another write to the same document started the stream a moment ago, or the stream of a
        // document of the same id (deleted, created again) remains.
        tail = await findStreamTail(req, key)
        if (tail === null) throw error
      }
    } else {
      const moved = await req.payload.db.updateOne({
        collection: WEBHOOK_STREAMS,
        where: { and: [{ id: { equals: key } }, { last: { equals: after } }] },
        data: { last: deliveryId, updatedAt: stamps.updatedAt },
        req,
      })
      if (moved) {
        await req.payload.db.create({ collection: WEBHOOK_SUCCESSORS, data: { id: after, next: deliveryId, ...stamps }, req })
        return after
      }
      tail = await findStreamTail(req, key)
    }
    if (tail !== after) await req.payload.db.updateOne({ collection: WEBHOOK_DELIVERIES, id: deliveryId, data: { after: tail }, req, returning: false })
    after = tail
  }
  throw new Error(`webhook stream ${key}: ${MAX_APPEND_TRIES} writes of the same document moved it first; giving up on this one`)
}
