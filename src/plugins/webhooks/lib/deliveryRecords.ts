import type { DeliveryStatus } from '../constants'
import type { WebhookEventBody } from '../types'

/** A delivery as stored: one event for one endpoint, with its attempts so far. */
export type DeliveryRecord = {
  id: string
  endpoint: string
  event: string
  eventType: string
  webhookId: string
  orderingKey: string
  sequence: number
  /** The delivery of the same document to the same endpoint just before this one. */
  after?: string | null
  status: DeliveryStatus
  attempts: number
  revision: number
  inFlight: boolean
  leaseUntil?: string | null
  nextRetryAt?: string | null
  isTest?: boolean
  history?: AttemptRecord[]
}

export type AttemptRecord = {
  attempt: number
  at: string
  statusCode?: number | null
  durationMs?: number | null
  responseBody?: string | null
  error?: string | null
}

export type EndpointRecord = {
  id: string
  name: string
  url: string
  enabled: boolean
  secret: string
  previousSecret?: string | null
  previousSecretExpiresAt?: string | null
  headers?: { name: string; value: string }[] | null
  failingSince?: string | null
}

export type EventRecord = { id: string; payload: WebhookEventBody }

/** The adapter returns relations as ids (or ObjectIds); the records use plain strings. */
export function toDeliveryRecord(doc: Record<string, unknown>): DeliveryRecord {
  return { ...(doc as unknown as DeliveryRecord), id: String(doc.id), endpoint: String(doc.endpoint), event: String(doc.event) }
}
