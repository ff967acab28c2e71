import { nodemailerAdapter } from '@payloadcms/email-nodemailer'
import type { EmailAdapter } from 'payload'

import type { EmailSettings } from '../settings'
import { logEmailAdapter } from './logEmailAdapter'

/** Payload's nodemailer adapter over SMTP when SMTP_HOST is set; otherwise every email is written to the log. */
export function emailAdapter(settings: EmailSettings): EmailAdapter | Promise<EmailAdapter> {
  const { smtp, fromAddress, fromName } = settings
  if (!smtp) return logEmailAdapter({ fromAddress, fromName })
  return nodemailerAdapter({
    defaultFromAddress: fromAddress,
    defaultFromName: fromName,
    // A mail server that is down at start-up must not keep Folio from starting: sending retries later.
    skipVerify: true,
    transportOptions: {
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
      // A slow mail server fails the attempt quickly; the email job retries later.
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 10_000,
    },
  })
}
