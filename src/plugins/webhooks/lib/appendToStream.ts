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

/**
 * Makes `deliveryId` the stream's latest delivery, after `previous`, or after the stream's latest
 * when a stream thought new already exists. Returns the delivery it comes after.
 */
export async function appendToStream(req: PayloadRequest, { key, deliveryId, previous }: { key: string; deliveryId: string; previous: string | null }): Promise<string | null> {
  const stamps = { createdAt: getCurrentDate().toISOString(), updatedAt: getCurrentDate().toISOString() }
  if (previous) {
    await req.payload.db.updateOne({ collection: WEBHOOK_STREAMS, id: key, data: { last: deliveryId, updatedAt: stamps.updatedAt }, req, returning: false })
    await req.payload.db.create({ collection: WEBHOOK_SUCCESSORS, data: { id: previous, next: deliveryId, ...stamps }, req })
    return previous
  }
  try {
    await req.payload.db.create({ collection: WEBHOOK_STREAMS, data: { id: key, last: deliveryId, ...stamps }, req })
    return null
  } catch (error) {
    // Another write to the same document started the stream a moment ago, or the stream of a
    // document of the same id (deleted, created again) remains: follow its latest delivery.
    const tail = await findStreamTail(req, key)
    if (!tail) throw error
    await req.payload.db.updateOne({ collection: WEBHOOK_DELIVERIES, id: deliveryId, data: { after: tail }, req, returning: false })
    return appendToStream(req, { key, deliveryId, previous: tail })
  }
}
