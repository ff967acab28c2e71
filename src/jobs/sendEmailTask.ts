import type { TaskConfig } from 'payload'

export const SEND_EMAIL_TASK = 'sendEmail'

export type SendEmailInput = {
  to: string[]
  subject: string
  text: string
  html?: string
  /** Unset: the adapter's default sender (EMAIL_FROM_NAME, EMAIL_FROM_ADDRESS). */
  from?: string
  replyTo?: string
  cc?: string[]
  bcc?: string[]
}

/**
 * Sends one email through `payload.sendEmail`. A mail server that is down or slow fails the
 * attempt, and the queue retries with backoff: 11 retries over about 17 hours.
 */
export const sendEmailTask: TaskConfig<{ input: SendEmailInput; output: object }> = {
  slug: SEND_EMAIL_TASK,
  label: 'Send email',
  inputSchema: [
    { name: 'to', type: 'text', hasMany: true, required: true },
    { name: 'subject', type: 'text', required: true },
    { name: 'text', type: 'textarea', required: true },
    { name: 'html', type: 'textarea' },
    { name: 'from', type: 'text' },
    { name: 'replyTo', type: 'text' },
    { name: 'cc', type: 'text', hasMany: true },
    { name: 'bcc', type: 'text', hasMany: true },
  ],
  retries: { attempts: 11, backoff: { type: 'exponential', delay: 30_000 } },
  handler: async ({ input, req }) => {
    const { to, subject, text, html, from, replyTo, cc, bcc } = input
    await req.payload.sendEmail({
      to,
      subject,
      text,
      html: html || undefined,
      from: from || undefined,
      replyTo: replyTo || undefined,
      cc: cc?.length ? cc : undefined,
      bcc: bcc?.length ? bcc : undefined,
    })
    return { output: {} }
  },
}
