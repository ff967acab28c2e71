/** The job queues Folio runs (src/jobs/jobRunner.ts). */
export const WEBHOOK_QUEUE = 'webhooks'
export const EMAIL_QUEUE = 'email'
