/** The job queues Folio runs (src/jobs/jobRunner.ts). */
export const WEBHOOK_QUEUE = 'webhooks'
export const EMAIL_QUEUE = 'email'
/** Payload's own queue: scheduled publishing (versions.drafts.schedulePublish) queues there. */
export const DEFAULT_QUEUE = 'default'
