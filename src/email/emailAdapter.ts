import nodemailer from 'nodemailer'
import type { EmailAdapter } from 'payload'

import type { EmailSettings } from '../settings'
import { logEmailAdapter } from './logEmailAdapter'

type Smtp = NonNullable<EmailSettings['smtp']>

/**
 * Nodemailer over SMTP, as Payload's own nodemailer adapter does it (that package's release for
 * this Payload version is not published, and Payload refuses mismatched versions).
 */
const smtpEmailAdapter =
  (smtp: Smtp, { fromAddress, fromName }: EmailSettings): EmailAdapter =>
  () => {
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
      // A slow mail server fails the attempt quickly; the email job retries later.
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 10_000,
    })
    return {
      name: 'smtp',
      defaultFromAddress: fromAddress,
      defaultFromName: fromName,
      sendEmail: async (message) => transport.sendMail({ ...message, from: message.from ?? `${fromName} <${fromAddress}>` } as nodemailer.SendMailOptions),
    }
  }

/** SMTP when SMTP_HOST is set; otherwise every email is written to the log. */
export function emailAdapter(settings: EmailSettings): EmailAdapter {
  if (!settings.smtp) return logEmailAdapter({ fromAddress: settings.fromAddress, fromName: settings.fromName })
  return smtpEmailAdapter(settings.smtp, settings)
}
