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

/** Bytes of a receiver's answer kept in the log; nothing beyond is read. */
export const RESPONSE_EXCERPT_BYTES = 2048
