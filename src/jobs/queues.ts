/** The job queues Folio runs; one runner loop serves them all. */
export const WEBHOOK_QUEUE = 'webhooks'
export const EMAIL_QUEUE = 'email'

export const FOLIO_QUEUES = [WEBHOOK_QUEUE, EMAIL_QUEUE]
