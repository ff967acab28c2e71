import type { TaskConfig } from 'payload'

export const SEND_EMAIL_TASK = 'sendEmail'

export type SendEmailInput = { to: string[]; subject: string; text: string; html?: string }

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
  ],
  retries: { attempts: 11, backoff: { type: 'exponential', delay: 30_000 } },
  handler: async ({ input, req }) => {
    await req.payload.sendEmail({ to: input.to, subject: input.subject, text: input.text, html: input.html })
    return { output: {} }
  },
}
