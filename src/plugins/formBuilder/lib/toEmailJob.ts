import type { FormattedEmail } from '@payloadcms/plugin-form-builder/types'

import type { SendEmailInput } from '@/jobs/sendEmailTask'
import { decodeHtmlEntities } from '@/lib/decodeHtmlEntities'
import { htmlToText } from '@/lib/htmlToText'
import { splitAddressList } from '@/lib/splitAddressList'
import type { SubmissionEntry } from './assertSubmissionData'

/**
 * The email job for one email the form builder prepared. The builder HTML-escapes the submitted
 * values it puts into every part, headers included: they are unescaped there. An empty sender
 * falls back to `defaultFrom`; the plain-text part is derived from the HTML one, and an email
 * without a message lists the submitted values. Null when the email has no
 * recipient.
 */
export function toEmailJob(
  email: FormattedEmail,
  { defaultFrom, values }: { defaultFrom: string; values: SubmissionEntry[] },
): SendEmailInput | null {
  const header = (value: string | undefined) => decodeHtmlEntities(value ?? '').trim()
  // A `{{field}}` the submission left out stays as the bare field name: not an address.
  const addresses = (list: string | undefined) => splitAddressList(header(list)).filter((address) => address.includes('@'))
  const to = addresses(email.to)
  if (to.length === 0) return null
  const text = htmlToText(email.html)
  // Without a message the builder renders `<div>undefined</div>`.
  const hasMessage = text !== '' && text !== 'undefined'
  const from = header(email.from) || defaultFrom
  return {
    to,
    cc: addresses(email.cc),
    bcc: addresses(email.bcc),
    from,
    replyTo: header(email.replyTo) || undefined,
    subject: header(email.subject).replace(/\s+/g, ' '),
    text: hasMessage ? text : values.map(({ field, value }) => `${field}: ${String(value ?? '')}`).join('\n'),
    html: hasMessage ? email.html : undefined,
  }
}
