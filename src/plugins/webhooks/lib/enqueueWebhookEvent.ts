import { getCurrentDate, type PayloadRequest, type TypeWithID } from 'payload'

import { transactionOf } from '@/db/transactions'
import { queueJobHere } from '@/jobs/jobRunner'
import { WEBHOOK_QUEUE } from '@/jobs/queues'
import { DELIVER_WEBHOOK_TASK, TEST_EVENT_TYPE, WEBHOOK_DELIVERIES, WEBHOOK_EVENTS, type EventKind } from '../constants'
import type { WebhookEventBody } from '../types'
import { appendToStream, findStreamTail } from './appendToStream'
import { toDeliveryRecord } from './deliveryRecords'
import { loadEndpoints } from './endpointCache'
import { rememberEvent } from './eventCache'
import { rememberNewDelivery } from './newDeliveries'
import { nextSequence } from './nextSequence'

type EventToSend = {
  kind: EventKind | 'test'
  collection: string | null
  id: string | number | null
  document: Record<string, unknown> | null
  previousVersionId?: string | null
  /** The language the change was made in (with several). */
  locale?: string | null
  /** Send to this endpoint only, whatever it subscribes to (test events). */
  endpointId?: string
}

type Endpoint = { id: string; enabled?: boolean; events?: string[] | null; collections?: string[] | null }

async function findSubscribers(req: PayloadRequest, event: EventToSend): Promise<Endpoint[]> {
  const endpoints: Endpoint[] = await loadEndpoints(req.payload)
  if (event.endpointId) return endpoints.filter(({ id }) => id === event.endpointId)
  return endpoints.filter(
    ({ enabled, events, collections }) =>
      enabled && events?.includes(event.kind) && (!collections?.length || (event.collection !== null && collections.includes(event.collection))),
  )
}

/** Whether any enabled endpoint subscribes to one of these kinds of events of `collection`. */
export async function hasSubscribers(req: PayloadRequest, collection: string, kinds: EventKind[]): Promise<boolean> {
  for (const kind of kinds) if ((await findSubscribers(req, { kind, collection, id: null, document: null })).length > 0) return true
  return false
}

/** The type receivers see: `posts.published`, `form-submissions.received`, `webhook.test`. */
export function eventType(kind: EventToSend['kind'], collection: string | null): string {
  return kind === 'test' ? TEST_EVENT_TYPE : `${collection}.${kind}`
}

/**
 * Stores an event, one pending delivery per subscribed endpoint and one queued job per delivery,
 * in the writing request's transaction: the write never waits for a receiver. This process sends
 * each delivery's first attempt as soon as the transaction commits (queueJobHere). Returns the
 * deliveries created.
 */
export async function enqueueWebhookEvent(req: PayloadRequest, event: EventToSend): Promise<string[]> {
  const endpoints = await findSubscribers(req, event)
  if (endpoints.length === 0) return []

  const now = getCurrentDate()
  const sequence = nextSequence(now)
  const type = eventType(event.kind, event.collection)
  const body: WebhookEventBody = {
    type,
    timestamp: now.toISOString(),
    data: {
      collection: event.collection,
      id: event.id === null ? null : String(event.id),
      ...(event.previousVersionId !== undefined ? { previousVersionId: event.previousVersionId } : {}),
      ...(event.locale ? { locale: event.locale } : {}),
      document: event.document,
    },
  }
  const stamps = { createdAt: now.toISOString(), updatedAt: now.toISOString() }
  // The adapter returns the stored document untyped.
  const stored = (await req.payload.db.create({
    collection: WEBHOOK_EVENTS,
    data: { type, sourceCollection: event.collection, documentId: body.data.id, sequence, payload: body, ...stamps },
    req,
  })) as TypeWithID
  const eventId = String(stored.id)
  rememberEvent(eventId, body)

  // Writes that do not depend on each other go side by side, but one after another in a
  // transaction, whose session takes one operation at a time.
  const inTransaction = (await transactionOf(req)) !== null
  const together = async <T>(tasks: (() => Promise<T>)[]): Promise<T[]> => {
    if (!inTransaction) return Promise.all(tasks.map((task) => task()))
    const results: T[] = []
    for (const task of tasks) results.push(await task())
    return results
  }
  const queueDelivery = async (endpoint: Endpoint): Promise<string> => {
    const isOrdered = event.kind !== 'test' && event.id !== null
    const orderingKey = isOrdered ? `${endpoint.id}:${event.collection}:${event.id}` : `event:${eventId}`
    // A document just created has no deliveries to wait for (should the stream of an earlier document
    // of the same id remain, appendToStream finds it).
    const after = isOrdered && event.kind !== 'created' ? await findStreamTail(req, orderingKey) : null
    const stored = (await req.payload.db.create({
      collection: WEBHOOK_DELIVERIES,
      data: {
        endpoint: endpoint.id,
        event: eventId,
        eventType: type,
        webhookId: `msg_${eventId}`,
        orderingKey,
        sequence,
        after,
        status: 'pending',
        attempts: 0,
        revision: 0,
        inFlight: false,
        isTest: event.kind === 'test',
        nextRetryAt: now.toISOString(),
        ...stamps,
      },
      req,
    })) as Record<string, unknown>
    const delivery = toDeliveryRecord(stored)
    const appended = (isOrdered ? appendToStream(req, { key: orderingKey, deliveryId: delivery.id, previous: after }) : Promise.resolve(null)).then((ahead) =>
      rememberNewDelivery({ ...delivery, after: ahead }),
    )
    const job: Parameters<typeof queueJobHere>[0] = { task: DELIVER_WEBHOOK_TASK, queue: WEBHOOK_QUEUE, input: { deliveryId: delivery.id, attempt: 1 }, req }
    // The stream link and the job; the attempt waits for both.
    await together([() => appended, () => queueJobHere(job, { after: appended })])
    return delivery.id
  }
  return together(endpoints.map((endpoint) => () => queueDelivery(endpoint)))
}
