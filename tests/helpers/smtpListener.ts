import type { AddressInfo } from 'node:net'

import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

import { waitFor } from './waitFor'

export type ReceivedEmail = { from: string; to: string[]; subject: string; text: string; raw: string }

export type SmtpListener = {
  port: number
  emails: ReceivedEmail[]
  waitForEmails: (count: number, timeoutMs?: number) => Promise<ReceivedEmail[]>
  close: () => Promise<void>
}

/** A real SMTP server on a local port (a free one unless given) that keeps every message it accepts. */
export async function startSmtpListener({ port: requestedPort = 0 }: { port?: number } = {}): Promise<SmtpListener> {
  const emails: ReceivedEmail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        simpleParser(raw).then((parsed) => {
          emails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            raw,
          })
          callback()
        }, callback)
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(requestedPort, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    port,
    emails,
    waitForEmails: (count, timeoutMs = 15_000) =>
      waitFor(() => (emails.length >= count ? [...emails] : undefined), `${count} emails at the SMTP listener`, { timeoutMs }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
