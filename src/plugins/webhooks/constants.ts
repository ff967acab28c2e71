export const WEBHOOKS = 'webhooks'
export const WEBHOOK_EVENTS = 'webhook-events'
export const WEBHOOK_DELIVERIES = 'webhook-deliveries'
export const WEBHOOK_STREAMS = 'webhook-streams'
export const WEBHOOK_SUCCESSORS = 'webhook-successors'

export const DELIVER_WEBHOOK_TASK = 'deliverWebhook'

/** What an endpoint subscribes to; the event type sent is `<collection>.<kind>`. */
export const EVENT_KINDS = ['created', 'updated', 'deleted', 'published', 'unpublished', 'received'] as const
export type EventKind = (typeof EVENT_KINDS)[number]

/** Sent on demand from the admin, whatever the endpoint subscribes to. */
export const TEST_EVENT_TYPE = 'webhook.test'

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

const HOUR_MS = 60 * 60 * 1000

/** What the plugin does unless told otherwise (Folio's settings read their environment variables over these). */
export const WEBHOOK_DEFAULTS = {
  /** A receiver's whole answer must arrive within this. */
  timeoutMs: 10_000,
  /** An endpoint failing every delivery for this long is disabled. */
  disableAfterMs: 72 * HOUR_MS,
  /** Finished deliveries and their events are kept this long. */
  retentionMs: 30 * 24 * HOUR_MS,
  documentDepth: 1,
} as const

/** Bytes of a receiver's answer kept in the log; nothing beyond is read. */
export const RESPONSE_EXCERPT_BYTES = 2048
