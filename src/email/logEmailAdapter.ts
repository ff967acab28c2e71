import type { EmailAdapter, SendEmailOptions } from 'payload'

type Options = { fromAddress: string; fromName: string }

function describeRecipients(to: SendEmailOptions['to']): string {
  if (!to) return ''
  const list = Array.isArray(to) ? to : [to]
  return list.map((entry) => (typeof entry === 'string' ? entry : entry.address)).join(', ')
}

/** Development without SMTP: the whole email goes to the log, so nothing is silently lost. */
export const logEmailAdapter =
  ({ fromAddress, fromName }: Options): EmailAdapter =>
  ({ payload }) => ({
    name: 'log',
    defaultFromAddress: fromAddress,
    defaultFromName: fromName,
    sendEmail: (message) => {
      payload.logger.info(
        { email: { to: describeRecipients(message.to), subject: message.subject, text: message.text } },
        'email not sent (SMTP_HOST is not set); written to the log instead',
      )
      return Promise.resolve({ accepted: describeRecipients(message.to) })
    },
  })
