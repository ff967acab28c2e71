import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { kickJobRunner } from '@/jobs/jobRunner'
import { pruneWebhookLog } from '@/plugins/webhooks'
import { DELIVER_WEBHOOK_TASK } from '@/plugins/webhooks/constants'
import { toDeliveryRecord } from '@/plugins/webhooks/lib/deliveryRecords'
import { rememberNewDelivery } from '@/plugins/webhooks/lib/newDeliveries'
import { advanceClock, advanceClockPast, resetClock } from '../helpers/controllableClock'
import { runJobsUntilIdle } from '../helpers/jobs'
import { startSmtpListener, type SmtpListener } from '../helpers/smtpListener'
import { createDocument } from '../helpers/documents'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser } from '../helpers/users'
import { createEndpoint, listDeliveries, waitForDeliveries } from '../helpers/webhookEndpoints'
import { waitUntil } from '../helpers/waitFor'
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '../helpers/webhookReceiver'

const TIMEOUT_MS = 1500
const HOUR = 60 * 60 * 1000

let server: TestServer
let smtp: SmtpListener
const receivers: WebhookReceiver[] = []

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver()
  receivers.push(started)
  return started
}

/** Runs the queue now instead of at the next poll. */
function runJobs() {
  kickJobRunner(server.payload)
}

const createPost = (data: Record<string, unknown>, query = '') => createDocument(server, 'posts', data, { query })

/** What the audit log recorded about one document, oldest first. */
async function auditActions(documentId: string): Promise<string[]> {
  const { docs } = await server.payload.find({ collection: 'audit-log', where: { documentId: { equals: documentId } }, sort: 'createdAt', limit: 100 })
  return docs.map((entry) => entry.action)
}

beforeAll(async () => {
  smtp = await startSmtpListener()
  Object.assign(process.env, {
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    EMAIL_FROM_ADDRESS: 'folio@folio.test',
    // A submission may follow its form token at once (the fill time is tested in forms.int.spec.ts).
    FORM_MIN_FILL_SECONDS: '0',
  })
  server = await startTestServer('webhooks')
})

afterEach(async () => {
  resetClock()
  // Endpoints of one test must not receive (and retry) the next test's events.
  await server.payload.delete({ collection: 'webhooks', where: { id: { exists: true } } })
  for (const started of receivers.splice(0)) await started.close()
})

afterAll(async () => {
  await server?.stop()
  await smtp?.close()
})

describe('managing endpoints', () => {
  it('lets only admins manage endpoints and read the log', async () => {
    const editor = await createSignedInUser(server.payload, server.api, 'editor')
    const create = await server.api('/api/webhooks', { method: 'POST', token: editor.token, json: { name: 'x', url: 'https://hooks.example.com', events: ['created'] } })
    expect(create.status).toBe(403)
    expect((await server.api('/api/webhooks', { token: editor.token })).status).toBe(403)
    expect((await server.api('/api/webhook-deliveries')).status).toBe(403)
    expect((await server.api('/api/webhook-deliveries', { token: editor.token })).status).toBe(403)
    expect(await server.payload.count({ collection: 'webhooks' })).toEqual({ totalDocs: 0 })
  })

  it('never returns the secret with the endpoint, and shows it exactly once', async () => {
    const created = await server.api('/api/webhooks', { method: 'POST', token: server.admin.token, json: { name: 'Once', url: 'https://hooks.example.com/folio', events: ['created'] } })
    expect(created.status).toBe(201)
    expect(created.body.doc).not.toHaveProperty('secret')
    const id = created.body.doc.id
    const read = await server.api(`/api/webhooks/${id}`, { token: server.admin.token })
    expect(read.body).not.toHaveProperty('secret')
    expect(read.body).not.toHaveProperty('previousSecret')

    const first = await server.api(`/api/webhooks/${id}/secret`, { method: 'POST', token: server.admin.token })
    expect(first.status).toBe(200)
    expect(first.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    const second = await server.api(`/api/webhooks/${id}/secret`, { method: 'POST', token: server.admin.token })
    expect(second.status).toBe(409)
    expect(second.body.errors[0].message).toMatch(/already shown/)
    expect(await auditActions(id)).toContain('secret-revealed')
    expect((await auditActions(id)).filter((action) => action === 'secret-revealed')).toHaveLength(1)
  })

  it.each([
    ['http://127.0.0.2:8080/hook', /loopback, private/],
    ['http://10.1.2.3/hook', /loopback, private/],
    ['http://169.254.169.254/latest/meta-data', /loopback, private/],
    ['http://[::1]:8080/hook', /loopback, private/],
    ['http://[fd00:ec2::254]/', /loopback, private/],
    ['http://[::ffff:192.168.1.1]/', /loopback, private/],
    ['http://0.0.0.0:8080/', /loopback, private/],
    ['ftp://hooks.example.com/', /only http and https/],
    ['https://user:pass@hooks.example.com/', /credentials/],
    ['not a url', /not a valid URL/],
  ])('refuses %s as an endpoint URL with a 400 naming the field', async (url, message) => {
    const response = await server.api('/api/webhooks', { method: 'POST', token: server.admin.token, json: { name: 'Bad', url, events: ['created'] } })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].data.errors[0]).toMatchObject({ path: 'url', message: expect.stringMatching(message) })
    expect(await server.payload.count({ collection: 'webhooks' })).toEqual({ totalDocs: 0 })
  })

  it('refuses custom headers that Folio sets itself', async () => {
    const response = await server.api('/api/webhooks', {
      method: 'POST',
      token: server.admin.token,
      json: { name: 'Headers', url: 'https://hooks.example.com/', events: ['created'], headers: [{ name: 'webhook-signature', value: 'forged' }] },
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].data.errors[0].path).toBe('headers.0.name')
  })

  it('keeps the delivery log read-only, even for admins', async () => {
    const hook = await receiver()
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['categories'] })
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Read-only log' } })
    const [delivery] = await waitForDeliveries(server, endpoint.id, (all) => all.length === 1 && all[0].status === 'succeeded')
    const token = server.admin.token
    expect((await server.api('/api/webhook-deliveries', { method: 'POST', token, json: { eventType: 'x' } })).status).toBe(403)
    expect((await server.api(`/api/webhook-deliveries/${delivery.id}`, { method: 'PATCH', token, json: { status: 'failed' } })).status).toBe(403)
    expect((await server.api(`/api/webhook-deliveries/${delivery.id}`, { method: 'DELETE', token })).status).toBe(403)
    expect((await listDeliveries(server, endpoint.id))[0]).toMatchObject({ id: delivery.id, status: 'succeeded' })
  })
})

describe('events', () => {
  it('sends the first attempt from the writing process once the write is stored; its queued job only stands by', async () => {
    const hook = await receiver()
    hook.respondWith(() => 'hang')
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['posts'] })
    // Read at depth 1: Payload's relationship loader then sets the request's transaction to `{}` when there is none.
    await createPost({ title: 'Straight out' }, '?depth=1')
    await hook.waitForRequests(1)

    const [delivery] = await listDeliveries(server, endpoint.id)
    const ownJob = async () => {
      const { docs } = await server.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: DELIVER_WEBHOOK_TASK } }, limit: 100, depth: 0 })
      return docs.find((job) => (job.input as { deliveryId?: string; attempt?: number }).deliveryId === delivery.id && (job.input as { attempt?: number }).attempt === 1)
    }
    // While the receiver holds the request: the attempt is claimed, and no runner has taken its job, due only later.
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1 })
    const job = await ownJob()
    expect(job).toMatchObject({ processing: false })
    expect(Date.parse(String(job?.waitUntil))).toBeGreaterThan(Date.now() + 5000)

    // The attempt ends (the receiver times out): its job is removed, the retry queued as an ordinary job.
    await waitForDeliveries(server, endpoint.id, ([one]) => one?.attempts === 1 && Boolean(one.error))
    await waitUntil(async () => (await ownJob()) === undefined, "the first attempt's job removed")
  })

  it('sends every event type signed per Standard Webhooks and verifiable with the standardwebhooks package', async () => {
    const hook = await receiver()
    const endpoint = await createEndpoint(server, {
      url: hook.url,
      events: ['created', 'updated', 'deleted', 'published', 'unpublished', 'received'],
      headers: [{ name: 'Authorization', value: 'Bearer receiver-token' }],
    })
    const token = server.admin.token

    const post = await createPost({ title: 'Draft first' }, '?draft=true')
    await hook.waitForSuccesses(1)
    await server.api(`/api/posts/${post.id}?draft=true`, { method: 'PATCH', token, json: { title: 'Draft edited' } })
    await hook.waitForSuccesses(2)
    await server.api(`/api/posts/${post.id}`, { method: 'PATCH', token, json: { title: 'Now public', _status: 'published' } })
    await hook.waitForSuccesses(4)
    await server.api(`/api/posts/${post.id}`, { method: 'PATCH', token, json: { _status: 'draft' } })
    await hook.waitForSuccesses(6)
    await server.api(`/api/posts/${post.id}`, { method: 'DELETE', token })
    await hook.waitForSuccesses(7)
    const category = await server.api('/api/categories', { method: 'POST', token, json: { title: 'Guides' } })
    await hook.waitForSuccesses(8)
    const form = await server.payload.create({
      collection: 'forms',
      data: {
        title: 'Contact',
        fields: [{ blockType: 'email', name: 'email', label: 'Email', required: true }],
        confirmationType: 'redirect',
        redirect: { type: 'custom', url: 'https://www.example.com/thanks' },
      },
    })
    const { body: issued } = await server.api(`/api/forms/${form.id}/token`)
    const submission = await server.api('/api/form-submissions', {
      method: 'POST',
      json: { form: form.id, formToken: issued.token, submissionData: [{ field: 'email', value: 'visitor@example.com' }] },
    })
    expect(submission.status).toBe(201)
    await hook.waitForSuccesses(9)
    expect((await server.api(`/api/webhooks/${endpoint.id}/test`, { method: 'POST', token })).status).toBe(202)
    const all = await hook.waitForSuccesses(10)

    expect(all.map((webhook) => webhook.json.type)).toEqual([
      'posts.created',
      'posts.updated',
      'posts.updated',
      'posts.published',
      'posts.updated',
      'posts.unpublished',
      'posts.deleted',
      'categories.created',
      'form-submissions.received',
      'webhook.test',
    ])
    for (const webhook of all) {
      expect(verifyWebhook(webhook, endpoint.secret)).toEqual(webhook.json)
      expect(webhook.headers['webhook-id']).toMatch(/^msg_/)
      expect(webhook.headers['content-type']).toBe('application/json')
      expect(webhook.headers.authorization).toBe('Bearer receiver-token')
    }
    expect(() => verifyWebhook(all[0], 'whsec_' + Buffer.alloc(32, 1).toString('base64'))).toThrow()
    expect(new Set(all.map((webhook) => webhook.headers['webhook-id'])).size).toBe(10)

    const [created, draftUpdate, , published, , unpublished, deleted, categoryCreated, received] = all.map((webhook) => webhook.json)
    // A draft is invisible to the public: the event says so with a null document.
    expect(created.data).toEqual({ collection: 'posts', id: post.id, previousVersionId: null, locale: 'en', document: null })
    expect(draftUpdate.data.previousVersionId).toEqual(expect.any(String))
    expect(published.data.document).toMatchObject({ id: post.id, title: 'Now public', _status: 'published' })
    expect(unpublished.data.document).toBeNull()
    expect(deleted.data).toMatchObject({ collection: 'posts', id: post.id, document: null })
    expect(categoryCreated.data).toEqual({ collection: 'categories', id: category.body.doc.id, locale: 'en', document: expect.objectContaining({ title: 'Guides' }) })
    expect(received.data.document).toMatchObject({ form: { id: form.id, title: 'Contact' }, submissionData: [expect.objectContaining({ field: 'email', value: 'visitor@example.com' })] })
    expect(Date.parse(published.timestamp)).not.toBeNaN()
  })

  it('sends the document as an anonymous reader sees it, without staff-only data', async () => {
    const hook = await receiver()
    await createEndpoint(server, { url: hook.url, events: ['published'] })
    await createPost({ title: 'Public view', _status: 'published', authors: [server.admin.user.id] })
    const [webhook] = await hook.waitForSuccesses(1)
    const anonymous = await server.api(`/api/posts/${webhook.json.data.id}?depth=1`)
    expect(webhook.json.data.document.title).toBe('Public view')
    expect(webhook.json.data.document.populatedAuthors).toEqual(anonymous.body.populatedAuthors)
    expect(webhook.json.data.document.authors).toEqual(anonymous.body.authors)
    expect(JSON.stringify(webhook.json)).not.toContain(server.admin.email)
  })

  it('sends nothing for autosaves and for seeding', async () => {
    const hook = await receiver()
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created', 'updated'], collections: ['posts'] })
    const post = await createPost({ title: 'Autosaved' }, '?draft=true')
    await hook.waitForSuccesses(1)
    const autosave = await server.api(`/api/posts/${post.id}?draft=true&autosave=true`, { method: 'PATCH', token: server.admin.token, json: { title: 'Typing…' } })
    expect(autosave.status).toBe(200)
    await server.payload.create({ collection: 'posts', data: { title: 'Seeded' }, context: { isSeeding: true } })
    await server.api('/api/posts', { method: 'POST', token: server.admin.token, json: { title: 'Marker' } })
    const all = await hook.waitForSuccesses(2)
    expect(all.map((webhook) => [webhook.json.type, webhook.json.data.id === post.id])).toEqual([
      ['posts.created', true],
      ['posts.created', false],
    ])
    expect((await listDeliveries(server, endpoint.id)).length).toBe(2)
  })

  it('sends only the collections an endpoint filters on', async () => {
    const hook = await receiver()
    await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['categories'] })
    await createPost({ title: 'Not for this endpoint' })
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Only this' } })
    const [webhook] = await hook.waitForSuccesses(1)
    expect(webhook.json.type).toBe('categories.created')
    expect(hook.received).toHaveLength(1)
  })
})

describe('delivery', () => {
  it('reads a delivery again when the copy kept from storing it has changed since', async () => {
    const hook = await receiver()
    hook.respondWith(({ index }) => (index === 0 ? 503 : 200))
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['categories'] })
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Kept copy' } })
    const [failed] = await waitForDeliveries(server, endpoint.id, ([delivery]) => delivery?.history.length === 1 && delivery.status === 'pending')
    // A copy one revision behind what is stored, as if another process had written the delivery meanwhile.
    const stored = await server.payload.db.findOne<{ id: string }>({ collection: 'webhook-deliveries', where: { id: { equals: failed.id } } })
    const current = toDeliveryRecord(stored!)
    rememberNewDelivery({ ...current, revision: current.revision - 1 })

    advanceClockPast(failed.nextRetryAt!)
    runJobs()
    await hook.waitForSuccesses(1)
    const [delivery] = await waitForDeliveries(server, endpoint.id, ([only]) => only.status === 'succeeded')
    expect(delivery).toMatchObject({ attempts: 2, statusCode: 200 })
  })

  it('retries a failing receiver with backoff and records exactly one success under one webhook-id', async () => {
    const hook = await receiver()
    hook.respondWith(({ index }) => (index < 2 ? 503 : 200))
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['categories'] })
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Retried' } })

    await hook.waitForRequests(1)
    const [afterFirst] = await waitForDeliveries(server, endpoint.id, ([delivery]) => delivery?.history.length === 1 && delivery.status === 'pending')
    // The first retry waits about 5 s, the second about a minute: time is moved on, not waited for.
    const firstWait = Date.parse(afterFirst.nextRetryAt!) - Date.now()
    expect(firstWait).toBeGreaterThan(3000)
    expect(hook.received).toHaveLength(1)
    advanceClock(6000)
    runJobs()
    await hook.waitForRequests(2)
    const [afterSecond] = await waitForDeliveries(server, endpoint.id, ([delivery]) => delivery.history.length === 2 && delivery.status === 'pending')
    expect(Date.parse(afterSecond.nextRetryAt!) - Date.now() - 6000).toBeGreaterThan(50_000)
    advanceClock(70_000)
    runJobs()
    await hook.waitForSuccesses(1)

    const [delivery] = await waitForDeliveries(server, endpoint.id, ([only]) => only.status === 'succeeded')
    expect(hook.received.map((webhook) => webhook.status)).toEqual([503, 503, 200])
    expect(new Set(hook.received.map((webhook) => webhook.headers['webhook-id']))).toEqual(new Set([delivery.webhookId]))
    expect(delivery).toMatchObject({ attempts: 3, statusCode: 200, error: null, nextRetryAt: null })
    expect(delivery.history.map(({ attempt, statusCode }) => [attempt, statusCode])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ])
    expect(delivery.history[0].error).toBe('receiver answered 503')
  })

  it('lines up the events of concurrent writes to one document, each delivered once, in that order', async () => {
    const hook = await receiver()
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created', 'updated'], collections: ['categories'] })
    const created = await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Raced' } })
    await hook.waitForSuccesses(1)
    const writes = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        server.api(`/api/categories/${created.body.doc.id}`, { method: 'PATCH', token: server.admin.token, json: { title: `Raced ${i}` } }),
      ),
    )
    expect(writes.map((write) => write.status)).toEqual([200, 200, 200, 200, 200, 200])
    await hook.waitForSuccesses(7)

    // One chain: each delivery after exactly one other, the first after none.
    const deliveries = (await listDeliveries(server, endpoint.id)) as (Awaited<ReturnType<typeof listDeliveries>>[number] & { after?: string | null })[]
    expect(deliveries).toHaveLength(7)
    const next = new Map(deliveries.filter((delivery) => delivery.after).map((delivery) => [delivery.after!, delivery]))
    const chain = [deliveries.find((delivery) => !delivery.after)!]
    while (next.has(chain[chain.length - 1].id)) chain.push(next.get(chain[chain.length - 1].id)!)
    expect(chain).toHaveLength(7)
    expect(hook.received.map((webhook) => webhook.headers['webhook-id'])).toEqual(chain.map((delivery) => delivery.webhookId))
    expect(hook.received.map((webhook) => webhook.json.type)).toEqual(['categories.created', ...Array<string>(6).fill('categories.updated')])
  })

  it('delivers the events of one document in order, holding later ones while an earlier one is retried', async () => {
    const hook = await receiver()
    hook.respondWith(({ index }) => (index === 0 ? 500 : 200))
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created', 'updated'], collections: ['categories'] })
    const category = await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'v1' } })
    await hook.waitForRequests(1)
    for (const title of ['v2', 'v3']) {
      await server.api(`/api/categories/${category.body.doc.id}`, { method: 'PATCH', token: server.admin.token, json: { title } })
    }
    await waitForDeliveries(server, endpoint.id, (all) => all.length === 3)
    // While the first delivery waits for its retry, nothing else of this document is sent.
    await runJobsUntilIdle(server.payload)
    expect(hook.received).toHaveLength(1)
    advanceClock(6000)
    runJobs()
    const successes = await hook.waitForSuccesses(3)
    expect(hook.received.map((webhook) => [webhook.json.type, webhook.json.data.document.title, webhook.status])).toEqual([
      ['categories.created', 'v1', 500],
      ['categories.created', 'v1', 200],
      ['categories.updated', 'v2', 200],
      ['categories.updated', 'v3', 200],
    ])
    expect(successes).toHaveLength(3)
  })

  it('sends 10 deliveries at a time: the next waits in the writing process for room, its job still standing by', async () => {
    const hook = await receiver()
    hook.respondWith(() => 'hang')
    const endpoints: string[] = []
    for (let i = 0; i < 11; i++) endpoints.push((await createEndpoint(server, { url: `${hook.url}/${i}`, events: ['created'], collections: ['categories'] })).id)
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Eleven endpoints' } })
    await hook.waitForRequests(10)
    // The ten hold their requests for the whole timeout; the eleventh goes once one of them is done.
    expect(hook.received).toHaveLength(10)
    await hook.waitForRequests(11)

    const deliveries = (await Promise.all(endpoints.map((id) => listDeliveries(server, id)))).flat()
    const { docs: jobs } = await server.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: DELIVER_WEBHOOK_TASK } }, limit: 100, depth: 0 })
    const firstAttempts = jobs.filter((job) => {
      const input = job.input as { deliveryId: string; attempt: number }
      return input.attempt === 1 && deliveries.some((delivery) => delivery.id === input.deliveryId)
    })
    // The eleventh is in flight; its job was never taken by a runner (the first ten's are gone once recorded).
    expect(firstAttempts.length).toBeGreaterThan(0)
    for (const job of firstAttempts) {
      expect(job.processing).toBe(false)
      expect(Date.parse(String(job.waitUntil))).toBeGreaterThan(Date.now())
    }
  })

  it('keeps delivering to other endpoints while one receiver hangs', async () => {
    const slow = await receiver()
    const fast = await receiver()
    slow.respondWith(() => 'hang')
    await createEndpoint(server, { url: slow.url, events: ['created'], collections: ['categories'] })
    await createEndpoint(server, { url: fast.url, events: ['created'], collections: ['categories'] })
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'First' } })
    await slow.waitForRequests(1)
    const started = Date.now()
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Second' } })
    await fast.waitForSuccesses(2)
    // Well before the hanging delivery's timeout ends.
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS)
    expect(slow.received.every((webhook) => webhook.status === 0)).toBe(true)
  })

  it('does not follow redirects', async () => {
    const hook = await receiver()
    const elsewhere = await receiver()
    hook.respondWith(() => ({ status: 302, headers: { location: elsewhere.url } }))
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['categories'] })
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Redirected' } })
    const [delivery] = await waitForDeliveries(server, endpoint.id, ([only]) => only?.history.length === 1)
    expect(delivery).toMatchObject({ statusCode: 302, error: 'receiver answered 302' })
    expect(elsewhere.received).toHaveLength(0)
  })

  it('gives up on a receiver that does not answer within the timeout and retries later', async () => {
    const hook = await receiver()
    hook.respondWith(() => 'hang')
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['categories'] })
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Slow receiver' } })
    const [delivery] = await waitForDeliveries(server, endpoint.id, ([only]) => only?.history.length === 1)
    expect(delivery.error).toBe(`no answer within ${TIMEOUT_MS} ms`)
    expect(delivery.history[0].statusCode).toBeNull()
  })

  it('reads no more than 2 KB of an answer', async () => {
    const hook = await receiver()
    hook.respondWith(() => ({ status: 200, body: 'x'.repeat(1024 * 1024) }))
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['categories'] })
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Chatty receiver' } })
    const [delivery] = await waitForDeliveries(server, endpoint.id, ([only]) => only?.status === 'succeeded')
    expect(delivery.responseBody).toBe('x'.repeat(2048))
  })

  it('checks the address again at delivery time and refuses a private one', async () => {
    const hook = await receiver()
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['categories'] })
    // As if the stored URL now led somewhere internal (DNS rebinding, or a record edited in the database).
    await server.payload.db.updateOne({ collection: 'webhooks', id: endpoint.id, data: { url: `http://127.0.0.2:${hook.port}/hook` } })
    // Endpoints are re-read at most a second later after a change made outside this process.
    advanceClock(1100)
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Rebound' } })
    const [delivery] = await waitForDeliveries(server, endpoint.id, ([only]) => only?.history.length === 1)
    expect(delivery.error).toMatch(/^refused: 127\.0\.0\.2 resolves to 127\.0\.0\.2, a loopback/)
    expect(hook.received).toHaveLength(0)
  })
})

describe('secret rotation', () => {
  it('signs with the new and the old secret for 24 hours, then with the new one only', async () => {
    const hook = await receiver()
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['categories'] })
    const rotated = await server.api(`/api/webhooks/${endpoint.id}/rotate-secret`, { method: 'POST', token: server.admin.token })
    expect(rotated.status).toBe(200)
    expect(rotated.body.secret).not.toBe(endpoint.secret)
    expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * HOUR)
    expect(await auditActions(endpoint.id)).toContain('secret-rotated')

    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'During rotation' } })
    const [during] = await hook.waitForSuccesses(1)
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2)
    expect(verifyWebhook(during, rotated.body.secret)).toBeTruthy()
    expect(verifyWebhook(during, endpoint.secret)).toBeTruthy()

    advanceClock(25 * HOUR)
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'After rotation' } })
    const [, after] = await hook.waitForSuccesses(2)
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1)
    expect(verifyWebhook(after, rotated.body.secret)).toBeTruthy()
    expect(() => verifyWebhook(after, endpoint.secret)).toThrow()
  })
})

describe('protection and resending', () => {
  it('disables an endpoint failing for 3 days, emails the admins, and resends its failed deliveries once enabled again', async () => {
    const hook = await receiver()
    hook.respondWith(() => 500)
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['categories'] })
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Never delivered' } })
    await waitForDeliveries(server, endpoint.id, ([only]) => only?.history.length === 1)

    // The failure streak is written right after the attempt is recorded: wait for it.
    await expect.poll(async () => (await server.payload.findByID({ collection: 'webhooks', id: endpoint.id })).failingSince).toEqual(expect.any(String))
    let stored = await server.payload.findByID({ collection: 'webhooks', id: endpoint.id })
    for (let attempt = 1; stored.enabled; attempt++) {
      const [delivery] = await waitForDeliveries(server, endpoint.id, ([only]) => only.history.length === attempt)
      if (delivery.status !== 'pending') break
      advanceClockPast(delivery.nextRetryAt!)
      runJobs()
      await hook.waitForRequests(attempt + 1)
      await waitForDeliveries(server, endpoint.id, ([only]) => only.history.length === attempt + 1)
      stored = await server.payload.findByID({ collection: 'webhooks', id: endpoint.id })
    }
    // The endpoint is disabled right after the last attempt is recorded.
    await expect.poll(async () => (await server.payload.findByID({ collection: 'webhooks', id: endpoint.id })).enabled).toBe(false)
    stored = await server.payload.findByID({ collection: 'webhooks', id: endpoint.id })
    expect(stored).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('receiver answered 500') })
    expect(hook.received.length).toBe(12)
    expect(await auditActions(endpoint.id)).toContain('endpoint-disabled')

    const [email] = await smtp.waitForEmails(1)
    expect(email.to).toEqual([server.admin.email])
    expect(email.subject).toBe('Folio disabled the webhook "Receiver"')
    expect(email.text).toContain(`(${hook.url}) has failed every delivery since`)
    expect(email.text).toContain(`/admin/collections/webhooks/${endpoint.id}`)

    // A disabled endpoint gets no new events and refuses resends.
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'While disabled' } })
    const afterDisabling = await listDeliveries(server, endpoint.id)
    expect(afterDisabling).toHaveLength(1)
    const [failed] = afterDisabling
    expect(failed.status).toBe('failed')
    expect((await server.api(`/api/webhook-deliveries/${failed.id}/resend`, { method: 'POST', token: server.admin.token })).status).toBe(409)

    hook.respondWith(() => 200)
    const enabled = await server.api(`/api/webhooks/${endpoint.id}`, { method: 'PATCH', token: server.admin.token, json: { enabled: true } })
    expect(enabled.body.doc).toMatchObject({ enabled: true, failingSince: null, disabledReason: null })
    expect(await auditActions(endpoint.id)).toContain('endpoint-enabled')
    const resent = await server.api(`/api/webhooks/${endpoint.id}/resend-failed`, { method: 'POST', token: server.admin.token, json: { since: new Date(Date.now() - HOUR).toISOString() } })
    expect(resent.status).toBe(202)
    expect(resent.body.resent).toBe(1)
    const [delivered] = await hook.waitForSuccesses(1)
    expect(delivered.headers['webhook-id']).toBe(failed.webhookId)
    const deliveries = await waitForDeliveries(server, endpoint.id, ([only]) => only.status === 'succeeded')
    expect(deliveries).toHaveLength(1)
    expect(deliveries[0].attempts).toBe(13)
  }, 90_000)

  it('keeps a failure streak through a successful test event: only real deliveries end it', async () => {
    const hook = await receiver()
    hook.respondWith(({ body }) => (body.type === 'webhook.test' ? 200 : 500))
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['categories'] })
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Failing delivery' } })
    await waitForDeliveries(server, endpoint.id, ([only]) => only?.history.length === 1)
    await expect.poll(async () => (await server.payload.findByID({ collection: 'webhooks', id: endpoint.id })).failingSince).toEqual(expect.any(String))
    const { failingSince: streakStart } = await server.payload.findByID({ collection: 'webhooks', id: endpoint.id })

    const test = await server.api(`/api/webhooks/${endpoint.id}/test`, { method: 'POST', token: server.admin.token })
    expect(test.status).toBeLessThan(300)
    await hook.waitForSuccesses(1)
    await waitForDeliveries(server, endpoint.id, (all) => all.some((delivery) => delivery.eventType === 'webhook.test' && delivery.status === 'succeeded'))
    await runJobsUntilIdle(server.payload)
    expect((await server.payload.findByID({ collection: 'webhooks', id: endpoint.id })).failingSince).toBe(streakStart)
  })

  it('resends one delivery from the log under the same webhook-id', async () => {
    const hook = await receiver()
    hook.respondWith(({ index }) => (index === 0 ? 500 : 200))
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'] })
    // Test events are tried once: this one fails and stays failed.
    await server.api(`/api/webhooks/${endpoint.id}/test`, { method: 'POST', token: server.admin.token })
    const [failed] = await waitForDeliveries(server, endpoint.id, ([only]) => only?.status === 'failed')
    expect(failed.nextRetryAt).toBeNull()

    const resend = await server.api(`/api/webhook-deliveries/${failed.id}/resend`, { method: 'POST', token: server.admin.token })
    expect(resend.status).toBe(202)
    const [success] = await hook.waitForSuccesses(1)
    expect(success.headers['webhook-id']).toBe(failed.webhookId)
    const [delivery] = await waitForDeliveries(server, endpoint.id, ([only]) => only.status === 'succeeded')
    expect(delivery.attempts).toBe(2)

    const editor = await createSignedInUser(server.payload, server.api, 'editor')
    expect((await server.api(`/api/webhook-deliveries/${failed.id}/resend`, { method: 'POST', token: editor.token })).status).toBe(403)
    expect((await server.api('/api/webhook-deliveries/not-an-id/resend', { method: 'POST', token: server.admin.token })).status).toBe(404)
    const noSince = await server.api(`/api/webhooks/${endpoint.id}/resend-failed`, { method: 'POST', token: server.admin.token, json: { since: 'yesterday' } })
    expect(noSince.status).toBe(400)
    expect(noSince.body.errors[0].message).toMatch(/"since" must be an ISO 8601 date/)
  })

  it('summarises an endpoint: success rate and recent deliveries, test events counted apart', async () => {
    const hook = await receiver()
    hook.respondWith(({ body }) => (body.data.document?.title === 'Bad' || body.type === 'webhook.test' ? 500 : 200))
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['categories'] })
    for (const title of ['Good 1', 'Good 2', 'Good 3', 'Bad']) {
      await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title } })
    }
    await waitForDeliveries(server, endpoint.id, (all) => all.length === 4 && all.every((delivery) => delivery.history.length === 1))
    // A failed test event: listed among the deliveries, and counted, apart from the content's.
    await server.api(`/api/webhooks/${endpoint.id}/test`, { method: 'POST', token: server.admin.token })
    await waitForDeliveries(server, endpoint.id, (all) => all.some((delivery) => delivery.eventType === 'webhook.test' && delivery.status === 'failed'))
    const summary = await server.api(`/api/webhooks/${endpoint.id}/summary`, { token: server.admin.token })
    expect(summary.status).toBe(200)
    expect(summary.body.lastSevenDays).toEqual({ succeeded: 3, failed: 0, pending: 1, successRate: 1, testEvents: { succeeded: 0, failed: 1, pending: 0 } })
    const recent = summary.body.recent as { status: string; isTest: boolean }[]
    expect(recent.filter((delivery) => !delivery.isTest).map((delivery) => delivery.status)).toEqual(['pending', 'succeeded', 'succeeded', 'succeeded'])
    expect(recent.filter((delivery) => delivery.isTest).map((delivery) => delivery.status)).toEqual(['failed'])
  })

  it('prunes finished deliveries and their events after the retention, keeping pending ones', async () => {
    const hook = await receiver()
    hook.respondWith(({ body }) => (body.data.document?.title === 'Still failing' ? 500 : 200))
    const endpoint = await createEndpoint(server, { url: hook.url, events: ['created'], collections: ['categories'] })
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Old news' } })
    await server.api('/api/categories', { method: 'POST', token: server.admin.token, json: { title: 'Still failing' } })
    await waitForDeliveries(server, endpoint.id, (all) => all.length === 2 && all.every((delivery) => delivery.history.length === 1))
    const eventsBefore = (await server.payload.count({ collection: 'webhook-events' })).totalDocs

    expect(await pruneWebhookLog(server.payload, 30 * 24 * HOUR)).toEqual({ deliveries: 0, events: 0 })
    advanceClock(31 * 24 * HOUR)
    const pruned = await pruneWebhookLog(server.payload, 30 * 24 * HOUR)
    expect(pruned.deliveries).toBeGreaterThanOrEqual(1)
    const remaining = await listDeliveries(server, endpoint.id)
    expect(remaining.map((delivery) => delivery.status)).toEqual(['pending'])
    expect((await server.payload.count({ collection: 'webhook-events' })).totalDocs).toBe(eventsBefore - pruned.events)
    expect((await server.payload.findByID({ collection: 'webhook-events', id: (await server.payload.findByID({ collection: 'webhook-deliveries', id: remaining[0].id, depth: 0 })).event as string })).type).toBe('categories.created')
  })
})
