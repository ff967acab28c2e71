import type { PayloadRequest } from 'payload'

import { kickJobRunner } from './jobRunner'
import { EMAIL_QUEUE } from './queues'
import { SEND_EMAIL_TASK, type SendEmailInput } from './sendEmailTask'

/** Queues an email; the request that asks for it never waits for the mail server. */
export async function queueEmail(req: PayloadRequest, email: SendEmailInput): Promise<void> {
  await req.payload.jobs.queue({ task: SEND_EMAIL_TASK, queue: EMAIL_QUEUE, input: email, req })
  kickJobRunner(req.payload)
}
