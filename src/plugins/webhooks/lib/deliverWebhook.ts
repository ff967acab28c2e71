import { getCurrentDate, type Payload, type PayloadRequest } from 'payload'

import { WEBHOOK_QUEUE } from '@/jobs/queues'
import { DELIVER_WEBHOOK_TASK, WEBHOOK_DELIVERIES, WEBHOOK_EVENTS, WEBHOOKS } from '../constants'
import type { ResolvedWebhooksOptions } from '../types'
import type { AddressPolicy } from './createAddressPolicy'
import { toDeliveryRecord, type AttemptRecord, type DeliveryRecord, type EndpointRecord, type EventRecord } from './deliveryRecords'
import { findSuccessor } from './appendToStream'
import { disableFailingEndpoint } from './disableFailingEndpoint'
import { findEndpoint, forgetEndpoints } from './endpointCache'
import { takeNewDelivery } from './newDeliveries'
import { recallEvent } from './eventCache'
import { postWebhook, type PostResult } from './postWebhook'
import { retryDelay } from './retryDelay'
import { signWebhook } from './signWebhook'

type Context = { req: PayloadRequest; options: ResolvedWebhooksOptions; policy: AddressPolicy }

const USER_AGENT = 'Folio-Webhooks/1.0'
/** Waits after the delivery ahead of it before a blocked delivery looks again. */
const ORDER_RECHECK_MS = 1000

async function findDelivery(payload: Payload, id: string): Promise<DeliveryRecord | null> {
  const doc = await payload.db.findOne({ collection: WEBHOOK_DELIVERIES, where: { id: { equals: id } } })
  return doc ? toDeliveryRecord(doc) : null
}

async function queueAttempt(req: PayloadRequest, deliveryId: string, attempt: number, waitUntil?: Date) {
  await req.payload.jobs.queue({ task: DELIVER_WEBHOOK_TASK, queue: WEBHOOK_QUEUE, input: { deliveryId, attempt }, waitUntil, req })
}

/** Writes to a delivery only if nobody else did since it was read (optimistic lock on `revision`). */
async function updateDelivery(payload: Payload, delivery: DeliveryRecord, data: Record<string, unknown>): Promise<DeliveryRecord | null> {
  const updated = await payload.db.updateOne({
    collection: WEBHOOK_DELIVERIES,
    where: { and: [{ id: { equals: delivery.id } }, { revision: { equals: delivery.revision } }] },
    data: { ...data, revision: delivery.revision + 1 },
  })
  return updated ? toDeliveryRecord(updated as unknown as Record<string, unknown>) : null
}

/** The delivery of the same document to the same endpoint just before this one, while it is unfinished. */
async function findDeliveryAhead(payload: Payload, delivery: DeliveryRecord): Promise<DeliveryRecord | null> {
  if (!delivery.after) return null
  const ahead = await findDelivery(payload, delivery.after)
  return ahead?.status === 'pending' ? ahead : null
}

/** Lets the next delivery of the same document go as soon as this one is finished. */
async function releaseNextInLine(req: PayloadRequest, delivery: DeliveryRecord) {
  const nextId = await findSuccessor(req, delivery.id)
  const next = nextId ? await findDelivery(req.payload, nextId) : null
  if (!next || next.status !== 'pending' || next.inFlight) return
  const now = getCurrentDate()
  if (next.nextRetryAt && new Date(next.nextRetryAt) <= now) return
  const released = await updateDelivery(req.payload, next, { nextRetryAt: now.toISOString() })
  if (released) await queueAttempt(req, next.id, next.attempts + 1)
}

function activeSecrets(endpoint: EndpointRecord, now: Date): string[] {
  const secrets = [endpoint.secret]
  if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && new Date(endpoint.previousSecretExpiresAt) > now) {
    secrets.push(endpoint.previousSecret)
  }
  return secrets
}

function buildHeaders(endpoint: EndpointRecord, delivery: DeliveryRecord, body: string, now: Date): Record<string, string> {
  const custom = Object.fromEntries((endpoint.headers ?? []).map(({ name, value }) => [name.toLowerCase(), value]))
  return {
    ...custom,
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    // The signature's timestamp is the wall clock: receivers compare it with theirs.
    ...signWebhook({ id: delivery.webhookId, timestamp: new Date(), body, secrets: activeSecrets(endpoint, now) }),
  }
}

async function finishWithoutSending(ctx: Context, delivery: DeliveryRecord, error: string) {
  const now = getCurrentDate().toISOString()
  const attempt: AttemptRecord = { attempt: delivery.attempts, at: now, error }
  const finished = await updateDelivery(ctx.req.payload, delivery, {
    status: 'failed',
    inFlight: false,
    error,
    statusCode: null,
    nextRetryAt: null,
    history: [...(delivery.history ?? []), attempt],
  })
  if (finished) await releaseNextInLine(ctx.req, finished)
}

async function recordResult(ctx: Context, delivery: DeliveryRecord, endpoint: EndpointRecord, result: PostResult) {
  const { req, options } = ctx
  const now = getCurrentDate()
  const succeeded = result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300
  const error = succeeded ? null : (result.error ?? `receiver answered ${result.statusCode}`)
  const delay = succeeded || delivery.isTest ? undefined : retryDelay(delivery.attempts)
  const nextRetryAt = delay === undefined ? null : new Date(now.getTime() + delay)
  const attempt: AttemptRecord = {
    attempt: delivery.attempts,
    at: now.toISOString(),
    statusCode: result.statusCode ?? null,
    durationMs: result.durationMs,
    responseBody: result.responseBody ?? null,
    error,
  }
  const recorded = await updateDelivery(req.payload, delivery, {
    status: succeeded ? 'succeeded' : nextRetryAt ? 'pending' : 'failed',
    inFlight: false,
    leaseUntil: null,
    statusCode: result.statusCode ?? null,
    durationMs: result.durationMs,
    responseBody: result.responseBody ?? null,
    error,
    nextRetryAt: nextRetryAt?.toISOString() ?? null,
    succeededAt: succeeded ? now.toISOString() : null,
    history: [...(delivery.history ?? []), attempt],
  })
  if (!recorded) return
  req.payload.logger[succeeded ? 'debug' : 'info'](
    { delivery: delivery.id, endpoint: endpoint.id, event: delivery.eventType, attempt: delivery.attempts, statusCode: result.statusCode, error, nextRetryAt },
    succeeded ? 'webhook delivered' : 'webhook delivery failed',
  )
  if (nextRetryAt) await queueAttempt(req, delivery.id, delivery.attempts + 1, nextRetryAt)
  else await releaseNextInLine(req, recorded)

  if (delivery.isTest) return
  if (succeeded) {
    // The cached endpoint may be a second old: at worst a streak is cleared a delivery late.
    if (endpoint.failingSince) {
      await req.payload.db.updateOne({ collection: WEBHOOKS, id: endpoint.id, data: { failingSince: null }, returning: false })
      forgetEndpoints(req.payload)
    }
    return
  }
  await trackFailure(req, endpoint.id, { now, error: error ?? '', options })
}

/** Starts or extends the endpoint's failure streak, read fresh; a streak long enough disables it. */
async function trackFailure(req: PayloadRequest, endpointId: string, { now, error, options }: { now: Date; error: string; options: ResolvedWebhooksOptions }) {
  const current = await req.payload.db.findOne<EndpointRecord & { id: string }>({ collection: WEBHOOKS, where: { id: { equals: endpointId } } })
  if (!current?.enabled) return
  if (!current.failingSince) {
    await req.payload.db.updateOne({ collection: WEBHOOKS, id: endpointId, data: { failingSince: now.toISOString() }, returning: false })
    forgetEndpoints(req.payload)
  } else if (now.getTime() - new Date(current.failingSince).getTime() >= options.disableAfterMs) {
    await disableFailingEndpoint(req, { ...current, id: String(current.id) }, { since: current.failingSince, lastError: error, onSecurityEvent: options.onSecurityEvent })
  }
}

/** The run working on each delivery in this process; a later run for one waits for it. */
const inProgress = new Map<string, Promise<void>>()

/**
 * One attempt of one delivery. Safe to run twice or concurrently for the same attempt: within a
 * process the runs for one delivery take turns (a retry that falls due while the previous attempt
 * is still being recorded waits for it, then finds the state it left), and across processes the
 * attempt is claimed with an optimistic lock and a lease, so a receiver gets it once unless a
 * process dies mid-request (then it is sent again, with the same webhook-id).
 */
export async function deliverWebhook(ctx: Context, job: { deliveryId: string; attempt: number }): Promise<void> {
  const previous = inProgress.get(job.deliveryId) ?? Promise.resolve()
  const run = previous.then(() => attemptDelivery(ctx, job))
  const settled = run.catch(() => undefined)
  inProgress.set(job.deliveryId, settled)
  try {
    await run
  } finally {
    if (inProgress.get(job.deliveryId) === settled) inProgress.delete(job.deliveryId)
  }
}

async function attemptDelivery(ctx: Context, { deliveryId, attempt }: { deliveryId: string; attempt: number }): Promise<void> {
  const { req, options, policy } = ctx
  const { payload } = req
  const now = getCurrentDate()
  // Stored a moment ago by this process, or read now.
  const justStored = takeNewDelivery(deliveryId)
  const delivery = justStored ?? (await findDelivery(payload, deliveryId))
  // The copy this process stored was changed since: look again at what is stored.
  const lookAgain = async () => {
    if (justStored) await attemptDelivery(ctx, { deliveryId, attempt })
  }
  if (!delivery || delivery.status !== 'pending') return
  const isNextAttempt = attempt === delivery.attempts + 1 && !delivery.inFlight
  const isThisAttemptInFlight = attempt === delivery.attempts && delivery.inFlight
  const leaseUntil = new Date(delivery.leaseUntil ?? 0)
  if (isThisAttemptInFlight && leaseUntil > now) {
    // Another run holds this attempt; look again when its lease ends, in case that run died.
    await queueAttempt(req, delivery.id, attempt, new Date(leaseUntil.getTime() + ORDER_RECHECK_MS))
    return
  }
  if (!isNextAttempt && !isThisAttemptInFlight) return

  const ahead = await findDeliveryAhead(payload, delivery)
  if (ahead) {
    const waitUntil = new Date(Math.max(now.getTime(), new Date(ahead.nextRetryAt ?? now).getTime()) + ORDER_RECHECK_MS)
    const deferred = await updateDelivery(payload, delivery, { nextRetryAt: waitUntil.toISOString() })
    if (deferred) await queueAttempt(req, delivery.id, attempt, waitUntil)
    else await lookAgain()
    return
  }

  const claimed = await updateDelivery(payload, delivery, {
    attempts: attempt,
    inFlight: true,
    leaseUntil: new Date(now.getTime() + options.timeoutMs * 2).toISOString(),
    lastAttemptAt: now.toISOString(),
  })
  if (!claimed) return lookAgain()

  const endpoint = await findEndpoint(payload, claimed.endpoint)
  if (!endpoint) return finishWithoutSending(ctx, claimed, 'the endpoint was deleted')
  if (!endpoint.enabled && !claimed.isTest) return finishWithoutSending(ctx, claimed, 'the endpoint is disabled')
  const eventBody =
    recallEvent(claimed.event) ?? (await payload.db.findOne<EventRecord>({ collection: WEBHOOK_EVENTS, where: { id: { equals: claimed.event } } }))?.payload
  if (!eventBody) return finishWithoutSending(ctx, claimed, 'the event is no longer stored')

  const body = JSON.stringify(eventBody)
  const result = await postWebhook({
    url: endpoint.url,
    headers: buildHeaders(endpoint, claimed, body, now),
    body,
    timeoutMs: options.timeoutMs,
    policy,
  })
  await recordResult(ctx, claimed, endpoint, result)
}
