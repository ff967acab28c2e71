import net from 'node:net'

import { simpleParser } from 'mailparser'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { ApiResponse } from '../helpers/apiClient'
import { kickJobRunner } from '@/jobs/jobRunner'
import { findFreePort } from '@/lib/findFreePort'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { advanceClock, advanceClockPast, resetClock } from '../helpers/controllableClock'
import { runJobsUntilIdle } from '../helpers/jobs'
import { startSmtpListener, type ReceivedEmail, type SmtpListener } from '../helpers/smtpListener'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser, type SignedInUser } from '../helpers/users'
import { createEndpoint } from '../helpers/webhookEndpoints'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver'
import { waitFor } from '../helpers/waitFor'

const MIN_FILL_MS = 3000
const RATE_LIMIT = 3
const WINDOW_MS = 10 * 60 * 1000
const HOUR = 60 * 60 * 1000

type Entry = { field: string; value: unknown }

let server: TestServer
let smtp: SmtpListener
let smtpPort: number
let receiver: WebhookReceiver
let editor: SignedInUser
let contactForm: { id: string }
let visitorNumber = 0

const contactFields = [
  { blockType: 'text', name: 'name', label: 'Name', required: true },
  { blockType: 'email', name: 'email', label: 'Email', required: true },
  { blockType: 'select', name: 'topic', label: 'Topic', options: [{ label: 'Sales', value: 'sales' }, { label: 'Support', value: 'support' }] },
  { blockType: 'textarea', name: 'message', label: 'Message', required: true },
]

const ada: Entry[] = [
  { field: 'name', value: "Ada O'Brien" },
  { field: 'email', value: 'ada@example.com' },
  { field: 'topic', value: 'support' },
  { field: 'message', value: 'The search page shows <nothing> & no error.' },
]

/** Every test is a visitor of its own: the rate limit counts per address (TRUST_PROXY is on). */
function newVisitor(): string {
  visitorNumber += 1
  return `203.0.113.${visitorNumber}`
}

async function getToken(formId: string, visitor: string): Promise<string> {
  const response = await server.api(`/api/forms/${formId}/token`, { headers: { 'X-Forwarded-For': visitor } })
  expect(response.status).toBe(200)
  return response.body.token
}

function submit(visitor: string, body: Record<string, unknown>) {
  return server.api('/api/form-submissions', { method: 'POST', headers: { 'X-Forwarded-For': visitor }, json: body })
}

/** What a well-behaved visitor does: load the form (and its token), fill it in, send it. */
async function fillAndSubmit(visitor: string, submissionData: Entry[] = ada, formId = contactForm.id) {
  const formToken = await getToken(formId, visitor)
  advanceClock(MIN_FILL_MS)
  return submit(visitor, { form: formId, formToken, submissionData })
}

async function emailJobs() {
  const { docs } = await server.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'sendEmail' } }, limit: 100 })
  return docs as unknown as { id: string; totalTried?: number; processing?: boolean; hasError?: boolean; waitUntil?: string }[]
}

/** Everything a submission leaves behind: the stored submissions, webhook events, queued and sent emails. */
async function traces() {
  return {
    submissions: (await server.payload.count({ collection: 'form-submissions' })).totalDocs,
    events: (await server.payload.count({ collection: 'webhook-events', where: { type: { equals: 'form-submissions.received' } } })).totalDocs,
    emailJobs: (await emailJobs()).length,
    emails: smtp.emails.length,
  }
}

async function expectRefusedWithoutTraces(request: Promise<ApiResponse>, status: number, message: RegExp): Promise<ApiResponse> {
  const before = await traces()
  const response = await request
  expect(response.status).toBe(status)
  expect(response.body.errors[0].message).toMatch(message)
  expect(await traces()).toEqual(before)
  // Whatever the refusal had queued would have run by now, and its email arrived.
  await runJobsUntilIdle(server.payload)
  expect(await traces()).toEqual(before)
  expect(before.emailJobs).toBe(0)
  return response
}

/** The submissions stored for a form, oldest first, read through the Local API. */
async function storedSubmissions(formId: string) {
  const { docs } = await server.payload.find({ collection: 'form-submissions', where: { form: { equals: formId } }, depth: 0, limit: 0, pagination: false, sort: 'createdAt' })
  return docs
}

function byRecipient(emails: ReceivedEmail[], address: string): ReceivedEmail {
  const email = emails.find((candidate) => candidate.to.includes(address))
  if (!email) throw new Error(`no email to ${address}; got ${emails.map((candidate) => candidate.to.join(',')).join(' | ')}`)
  return email
}

/** A TCP server that accepts SMTP connections and never says a word: a hanging mail server. */
async function startSilentServer(port: number) {
  const sockets = new Set<net.Socket>()
  let accepted = 0
  const silent = net.createServer((socket) => {
    accepted += 1
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve))
  return {
    connections: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    },
  }
}

beforeAll(async () => {
  smtpPort = await findFreePort()
  smtp = await startSmtpListener({ port: smtpPort })
  Object.assign(process.env, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    EMAIL_FROM_ADDRESS: 'folio@folio.test',
    EMAIL_FROM_NAME: 'Folio',
    FORM_MIN_FILL_SECONDS: String(MIN_FILL_MS / 1000),
    RATE_LIMIT_FORM_SUBMISSIONS: `${RATE_LIMIT}/${WINDOW_MS / 60_000}m`,
    TRUST_PROXY: 'true',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  })
  server = await startTestServer('forms')
  editor = await createSignedInUser(server.payload, server.api, 'editor')
  receiver = await startWebhookReceiver()
  await createEndpoint(server, { url: receiver.url, events: ['received'], collections: ['form-submissions'] })
  contactForm = await server.payload.create({
    collection: 'forms',
    data: {
      title: 'Contact',
      fields: contactFields,
      confirmationType: 'message',
      confirmationMessage: lexicalFromLines(['Thanks!']),
      emails: [{ emailTo: 'team@folio.test', subject: 'New message from {{name}}', message: lexicalFromLines(['{{name}} wrote: {{message}}']) }],
    } as never,
  })
})

afterEach(async () => {
  // The next test starts with no email in flight and none received.
  await waitFor(async () => ((await emailJobs()).length === 0 ? true : undefined), 'the email queue to empty')
  smtp.emails.length = 0
  resetClock()
})

afterAll(async () => {
  await server?.stop()
  await smtp?.close()
  await receiver?.close()
})

describe('a visitor submitting a form', () => {
  it('stores the submission for staff and emails the team and the visitor through the queue', async () => {
    const created = await server.api('/api/forms', {
      method: 'POST',
      token: editor.token,
      json: {
        title: 'Support request',
        fields: contactFields,
        confirmationType: 'message',
        confirmationMessage: lexicalFromLines(['Thanks, we will be in touch.']),
        emails: [
          {
            emailTo: 'support@folio.test',
            replyTo: '{{email}}',
            subject: 'Support request from {{name}}',
            message: lexicalFromLines(['## {{name}} <{{email}}> asks about {{topic}}', '{{message}}']),
          },
          {
            emailTo: '{{email}}',
            emailFrom: '"Folio Support" <support@folio.test>',
            subject: 'We received your message, {{name}}',
            message: lexicalFromLines(['Hello {{name}},', 'we will answer within a day.']),
          },
        ],
      },
    })
    expect(created.status).toBe(201)
    const formId = created.body.doc.id
    const visitor = newVisitor()

    const issued = await server.api(`/api/forms/${formId}/token`, { headers: { 'X-Forwarded-For': visitor } })
    expect(issued.status).toBe(200)
    expect(issued.headers.get('cache-control')).toBe('no-store')
    expect(Date.parse(issued.body.expiresAt) - Date.now()).toBeGreaterThan(23 * HOUR)
    advanceClock(MIN_FILL_MS)
    const response = await submit(visitor, { form: formId, formToken: issued.body.token, website: '', submissionData: ada })

    expect(response.status).toBe(201)
    expect(response.body.doc).not.toHaveProperty('formToken')
    expect(response.body.doc).not.toHaveProperty('website')
    const id = response.body.doc.id
    const stored = await server.api(`/api/form-submissions/${id}?depth=0`, { token: editor.token })
    expect(stored.status).toBe(200)
    expect(stored.body).toMatchObject({ form: formId, submissionData: ada.map((entry) => expect.objectContaining(entry)) })
    // Who wrote, for the team's list: taken from the values, never from what the visitor sends.
    expect(stored.body).toMatchObject({ submitterName: "Ada O'Brien", submitterEmail: 'ada@example.com' })
    const raw = await server.payload.db.findOne<{ id: string } & Record<string, unknown>>({ collection: 'form-submissions', where: { id: { equals: id } } })
    expect(raw).not.toHaveProperty('formToken')
    expect(raw).not.toHaveProperty('website')

    const emails = await smtp.waitForEmails(2)
    const team = await simpleParser(byRecipient(emails, 'support@folio.test').raw)
    expect(team.subject).toBe("Support request from Ada O'Brien")
    expect(team.from?.value).toEqual([{ name: 'Folio', address: 'folio@folio.test' }])
    expect(team.replyTo?.value).toEqual([expect.objectContaining({ address: 'ada@example.com' })])
    expect(team.text).toContain("Ada O'Brien <ada@example.com> asks about support")
    expect(team.text).toContain('The search page shows <nothing> & no error.')
    expect(team.html).toContain('The search page shows &lt;nothing&gt; &amp; no error.')
    const confirmation = await simpleParser(byRecipient(emails, 'ada@example.com').raw)
    expect(confirmation.subject).toBe("We received your message, Ada O'Brien")
    expect(confirmation.from?.value).toEqual([{ name: 'Folio Support', address: 'support@folio.test' }])
    expect(confirmation.text).toBe("Hello Ada O'Brien,\n\nwe will answer within a day.")
    expect(emails).toHaveLength(2)
    await receiver.waitForSuccesses(1, (webhook) => webhook.json.data.id === id)
  })

  it('answers at once while the mail server hangs, and delivers the emails once it is back', async () => {
    await smtp.close()
    const hanging = await startSilentServer(smtpPort)
    const visitor = newVisitor()
    const formToken = await getToken(contactForm.id, visitor)
    advanceClock(MIN_FILL_MS)

    const started = Date.now()
    const response = await submit(visitor, { form: contactForm.id, formToken, submissionData: ada })
    const elapsedMs = Date.now() - started

    expect(response.status).toBe(201)
    // The mail server gets 5 s to greet before an attempt fails; the visitor waits for none of it.
    expect(elapsedMs).toBeLessThan(1000)
    const [failed] = await waitFor(async () => {
      const jobs = await emailJobs()
      return jobs.length === 1 && jobs[0].totalTried === 1 && !jobs[0].processing ? jobs : undefined
    }, 'the first attempt to fail')
    expect(hanging.connections()).toBeGreaterThan(0)
    expect(failed.hasError).toBe(false)
    expect(Date.parse(failed.waitUntil!)).toBeGreaterThan(Date.now())

    await hanging.close()
    smtp = await startSmtpListener({ port: smtpPort })
    advanceClockPast(failed.waitUntil!)
    kickJobRunner(server.payload)

    const [email] = await smtp.waitForEmails(1)
    expect(email).toMatchObject({ to: ['team@folio.test'], subject: "New message from Ada O'Brien" })
    expect(email.text).toContain('The search page shows <nothing> & no error.')
    await waitFor(async () => ((await emailJobs()).length === 0 ? true : undefined), 'the job to complete')
    expect(await server.payload.count({ collection: 'form-submissions', where: { id: { equals: response.body.doc.id } } })).toEqual({ totalDocs: 1 })
  }, 40_000)

  it('lists the submitted values in an email without a message, from the configured sender', async () => {
    const form = await server.payload.create({
      collection: 'forms',
      data: { title: 'Callback', fields: contactFields, confirmationType: 'message', confirmationMessage: lexicalFromLines(['Thanks']), emails: [{ emailTo: 'sales@folio.test', subject: 'Callback wanted' }] } as never,
    })
    const response = await fillAndSubmit(newVisitor(), ada, form.id)
    expect(response.status).toBe(201)
    expect(await storedSubmissions(form.id)).toEqual([
      expect.objectContaining({ id: response.body.doc.id, submissionData: ada.map((entry) => expect.objectContaining(entry)) }),
    ])

    const [email] = await smtp.waitForEmails(1)
    const parsed = await simpleParser(email.raw)
    expect(parsed.from?.value).toEqual([{ name: 'Folio', address: 'folio@folio.test' }])
    expect(email.text.trim()).toBe("name: Ada O'Brien\nemail: ada@example.com\ntopic: support\nmessage: The search page shows <nothing> & no error.")
    expect(parsed.html).toBe(false)
  })

  it('refuses a token for a form that does not exist with 404', async () => {
    const missing = await server.api('/api/forms/0123456789abcdef01234567/token')
    expect(missing.status).toBe(404)
    expect(missing.body.errors[0].message).toBe('Form "0123456789abcdef01234567" does not exist')
    expect((await server.api('/api/forms/not-an-id/token')).status).toBe(404)
    // The same request for a form that exists gets its token.
    expect(await getToken(contactForm.id, newVisitor())).toMatch(new RegExp(`^${contactForm.id}\\.`))
  })
})

describe('refusing spam', () => {
  it('refuses a filled-in honeypot with 400', async () => {
    const visitor = newVisitor()
    const formToken = await getToken(contactForm.id, visitor)
    advanceClock(MIN_FILL_MS)
    await expectRefusedWithoutTraces(
      submit(visitor, { form: contactForm.id, formToken, website: 'https://spam.example', submissionData: ada }),
      400,
      /spam: the hidden field "website" must be left empty/,
    )
  })

  it('refuses a submission without a form token with 400', async () => {
    await expectRefusedWithoutTraces(submit(newVisitor(), { form: contactForm.id, submissionData: ada }), 400, /A form token is required: get one from GET \/api\/forms\/\w+\/token/)
  })

  it('refuses forged tokens with 400', async () => {
    const visitor = newVisitor()
    const token = await getToken(contactForm.id, visitor)
    advanceClock(MIN_FILL_MS)
    const [formId, issuedAt, nonce, signature] = token.split('.')
    const older = `${formId}.${Number(issuedAt) - HOUR}.${nonce}.${signature}`
    const flipped = `${formId}.${issuedAt}.${nonce}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`
    for (const formToken of [older, flipped, 'not-a-token', `${token}.extra`]) {
      await expectRefusedWithoutTraces(submit(visitor, { form: contactForm.id, formToken, submissionData: ada }), 400, /^Invalid form token; reload the form/)
    }
  })

  it('refuses the token of another form with 400', async () => {
    const visitor = newVisitor()
    const other = await server.payload.create({ collection: 'forms', data: { title: 'Other', fields: contactFields, confirmationType: 'message', confirmationMessage: lexicalFromLines(['Thanks']) } as never })
    const formToken = await getToken(other.id, visitor)
    advanceClock(MIN_FILL_MS)
    await expectRefusedWithoutTraces(submit(visitor, { form: contactForm.id, formToken, submissionData: ada }), 400, /issued for another form/)
  })

  it('refuses a submission sent sooner than the minimum fill time after its token with 400', async () => {
    const visitor = newVisitor()
    const formToken = await getToken(contactForm.id, visitor)
    advanceClock(MIN_FILL_MS - 1000)
    await expectRefusedWithoutTraces(submit(visitor, { form: contactForm.id, formToken, submissionData: ada }), 400, /^Submitted too quickly/)
  })

  it('refuses a token older than 24 hours with 400 asking to reload', async () => {
    const visitor = newVisitor()
    const formToken = await getToken(contactForm.id, visitor)
    advanceClock(24 * HOUR + 60_000)
    await expectRefusedWithoutTraces(submit(visitor, { form: contactForm.id, formToken, submissionData: ada }), 400, /expired .* reload the form/)
  })

  it('accepts one submission per token and refuses the replay with 400', async () => {
    const visitor = newVisitor()
    const formToken = await getToken(contactForm.id, visitor)
    advanceClock(MIN_FILL_MS)
    const accepted = await submit(visitor, { form: contactForm.id, formToken, submissionData: ada })
    expect(accepted.status).toBe(201)
    expect((await server.payload.findByID({ collection: 'form-submissions', id: accepted.body.doc.id, depth: 0 })).form).toBe(contactForm.id)
    await smtp.waitForEmails(1)
    await waitFor(async () => ((await emailJobs()).length === 0 ? true : undefined), 'the email to be sent')

    await expectRefusedWithoutTraces(submit(visitor, { form: contactForm.id, formToken, submissionData: ada }), 400, /already used; reload the form/)
  })

  it('refuses more than the allowed submissions per address and window with 429 and Retry-After', async () => {
    const visitor = newVisitor()
    const storedBefore = (await storedSubmissions(contactForm.id)).length
    for (let i = 0; i < RATE_LIMIT; i++) expect((await fillAndSubmit(visitor)).status).toBe(201)
    expect(await storedSubmissions(contactForm.id)).toHaveLength(storedBefore + RATE_LIMIT)
    await smtp.waitForEmails(RATE_LIMIT)
    await waitFor(async () => ((await emailJobs()).length === 0 ? true : undefined), 'the emails to be sent')

    const formToken = await getToken(contactForm.id, visitor)
    advanceClock(MIN_FILL_MS)
    const refused = await expectRefusedWithoutTraces(submit(visitor, { form: contactForm.id, formToken, submissionData: ada }), 429, /^Too many submissions from your address; try again in 10 minutes$/)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(WINDOW_MS / 1000 - 60)
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000)

    // Another visitor is not held back. (The window's end is the limiter's: its Retry-After above
    // shows the window was configured in the right unit.)
    const other = await fillAndSubmit(newVisitor())
    expect(other.status).toBe(201)
    expect((await storedSubmissions(contactForm.id)).map((submission) => submission.id)).toContain(other.body.doc.id)
    expect(refused.headers.get('ratelimit-remaining')).toBe('0')
    expect(refused.headers.get('ratelimit-policy')).toBe(`${RATE_LIMIT};w=${WINDOW_MS / 1000}`)
  })

  it('lets signed-in staff submit without a token or rate limit', async () => {
    const visitor = newVisitor()
    const storedBefore = (await storedSubmissions(contactForm.id)).length
    for (let i = 0; i <= RATE_LIMIT; i++) {
      const response = await server.api('/api/form-submissions', {
        method: 'POST',
        token: editor.token,
        headers: { 'X-Forwarded-For': visitor },
        json: { form: contactForm.id, submissionData: ada },
      })
      expect(response.status).toBe(201)
    }
    expect(await storedSubmissions(contactForm.id)).toHaveLength(storedBefore + RATE_LIMIT + 1)
    await smtp.waitForEmails(RATE_LIMIT + 1)
  })
})

describe('validating submissions', () => {
  it('refuses a submission to a form that does not exist with 400 naming it', async () => {
    await expectRefusedWithoutTraces(
      submit(newVisitor(), { form: '0123456789abcdef01234567', submissionData: ada }),
      400,
      /^Form "0123456789abcdef01234567" does not exist$/,
    )
  })

  it.each([
    ['a missing required field', ada.filter((entry) => entry.field !== 'email'), /^Missing required field: "email"$/],
    ['blank required fields', [...ada.slice(2), { field: 'name', value: ' ' }], /^Missing required fields: "name", "email"$/],
    ['a field the form does not have', [...ada, { field: 'formSubmissionID', value: 'x' }], /^Unknown form field: "formSubmissionID"$/],
    ['more than one address in an email field', ada.map((entry) => (entry.field === 'email' ? { field: 'email', value: 'a@example.com, b@example.com' } : entry)), /^Field "email" must be one email address$/],
    ['a value that is not an option', ada.map((entry) => (entry.field === 'topic' ? { field: 'topic', value: 'billing' } : entry)), /^Field "topic" must be one of: "sales", "support"$/],
    ['a value that is not text', ada.map((entry) => (entry.field === 'message' ? { field: 'message', value: { $ne: '' } } : entry)), /^"submissionData" must be a list of \{ field, value \}/],
  ])('refuses %s with 400 naming it', async (_case, submissionData, message) => {
    const visitor = newVisitor()
    const formToken = await getToken(contactForm.id, visitor)
    advanceClock(MIN_FILL_MS)
    await expectRefusedWithoutTraces(submit(visitor, { form: contactForm.id, formToken, submissionData }), 400, message)
  })
})

describe('access to submissions', () => {
  it('refuses anonymous reads with 403', async () => {
    const response = await fillAndSubmit(newVisitor())
    expect(response.status).toBe(201)
    const id = response.body.doc.id
    const list = await server.api('/api/form-submissions')
    expect(list.status).toBe(403)
    expect(list.body.docs).toBeUndefined()
    const one = await server.api(`/api/form-submissions/${id}`)
    expect(one.status).toBe(403)
    expect(JSON.stringify(one.body)).not.toContain('ada@example.com')
    expect((await server.api(`/api/form-submissions/${id}`, { token: editor.token })).status).toBe(200)
  })

  it('refuses every update with 403, even for admins', async () => {
    const response = await fillAndSubmit(newVisitor())
    expect(response.status).toBe(201)
    const id = response.body.doc.id
    await smtp.waitForEmails(1)
    await runJobsUntilIdle(server.payload)
    const before = await traces()
    const changed = { submissionData: [{ field: 'name', value: 'Mallory' }] }
    for (const token of [undefined, editor.token, server.admin.token]) {
      const refused = await server.api(`/api/form-submissions/${id}`, { method: 'PATCH', token, json: changed })
      expect(refused.status).toBe(403)
      expect(refused.body.errors[0].message).toMatch(/not allowed/i)
    }
    const stored = await server.payload.findByID({ collection: 'form-submissions', id })
    expect(stored.submissionData).toEqual(ada.map((entry) => expect.objectContaining(entry)))
    await runJobsUntilIdle(server.payload)
    expect(await traces()).toEqual(before)
  })
})

describe('who is screened', () => {
  it('accepts a visitor’s honeypot sent empty or null', async () => {
    for (const website of ['', null]) {
      const visitor = newVisitor()
      const formToken = await getToken(contactForm.id, visitor)
      advanceClock(MIN_FILL_MS)
      const response = await submit(visitor, { form: contactForm.id, formToken, website, submissionData: ada })
      expect(response.status, JSON.stringify(website)).toBe(201)
      expect(await storedSubmissions(contactForm.id)).toEqual(expect.arrayContaining([expect.objectContaining({ id: response.body.doc.id })]))
      await smtp.waitForEmails(1)
      await waitFor(async () => ((await emailJobs()).length === 0 ? true : undefined), 'the email to be sent')
      smtp.emails.length = 0
    }
  })

  it('does not hold signed-in staff to the honeypot', async () => {
    const response = await server.api('/api/form-submissions', {
      method: 'POST',
      token: editor.token,
      headers: { 'X-Forwarded-For': newVisitor() },
      json: { form: contactForm.id, website: 'https://folio.example', submissionData: ada },
    })
    expect(response.status).toBe(201)
    expect(await storedSubmissions(contactForm.id)).toEqual(expect.arrayContaining([expect.objectContaining({ id: response.body.doc.id })]))
    await smtp.waitForEmails(1)
  })

  it('trusts Folio’s own Local API calls with no token, but still checks their values', async () => {
    const created = await server.payload.create({ collection: 'form-submissions', data: { form: contactForm.id, submissionData: ada } as never })
    expect(await storedSubmissions(contactForm.id)).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.id })]))
    await smtp.waitForEmails(1)
    await waitFor(async () => ((await emailJobs()).length === 0 ? true : undefined), 'the email to be sent')

    const before = await traces()
    await expect(
      server.payload.create({ collection: 'form-submissions', data: { form: contactForm.id, submissionData: [...ada, { field: 'extra', value: 'x' }] } as never }),
    ).rejects.toThrow('Unknown form field: "extra"')
    expect(await traces()).toEqual(before)
  })

  it('does not spend a token the rate limit refused: it may be sent again', async () => {
    const limited = newVisitor()
    for (let i = 0; i < RATE_LIMIT; i++) expect((await fillAndSubmit(limited)).status).toBe(201)
    await smtp.waitForEmails(RATE_LIMIT)
    await waitFor(async () => ((await emailJobs()).length === 0 ? true : undefined), 'the emails to be sent')

    const formToken = await getToken(contactForm.id, limited)
    advanceClock(MIN_FILL_MS)
    await expectRefusedWithoutTraces(submit(limited, { form: contactForm.id, formToken, submissionData: ada }), 429, /^Too many submissions/)
    // The same visitor on another network (another address) sends the same filled-in form.
    const resent = await submit(newVisitor(), { form: contactForm.id, formToken, submissionData: ada })
    expect(resent.status).toBe(201)
    expect(await storedSubmissions(contactForm.id)).toEqual(expect.arrayContaining([expect.objectContaining({ id: resent.body.doc.id })]))
    await smtp.waitForEmails(RATE_LIMIT + 1)
  })
})
