import type { BeforeEmail } from '@payloadcms/plugin-form-builder/types'

import { queueEmail } from '@/jobs/queueEmail'
import type { SubmissionEntry } from '../lib/assertSubmissionData'
import { toEmailJob } from '../lib/toEmailJob'

const mailbox = (name: string, address: string) => (name ? `"${name.replace(/["\\]/g, '')}" <${address}>` : address)

/**
 * The form builder's `beforeEmail`: queues each of a submission's emails as a job (retried when
 * the mail server is slow or down) and hands the builder nothing to send itself, so the
 * visitor's request never waits for SMTP.
 */
export const queueFormEmails: BeforeEmail = async (emails, { data, req }) => {
  const { defaultFromAddress, defaultFromName } = req.payload.email
  const defaultFrom = mailbox(defaultFromName, defaultFromAddress)
  // Checked by screenSubmission before the submission was stored.
  const values = (data?.submissionData ?? []) as SubmissionEntry[]
  for (const email of emails) {
    const job = toEmailJob(email, { defaultFrom, values })
    if (job) await queueEmail(req, job)
    else req.payload.logger.warn({ form: data?.form, subject: email.subject }, 'form email has no recipient; not sent')
  }
  return []
}
