import { randomBytes, randomUUID } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runJobsUntilIdle } from '../helpers/jobs'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser } from '../helpers/users'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver'

let server: TestServer
let receiver: WebhookReceiver

const unique = () => randomBytes(4).toString('hex')

const countWhere = async (collection: 'categories' | 'users', where: Record<string, unknown>) =>
  (await server.payload.count({ collection, where: where as never })).totalDocs

/** What a refused write must leave as it was: the audit log and the webhook events (an endpoint subscribes to categories). */
async function traces() {
  await runJobsUntilIdle(server.payload)
  return {
    auditEntries: (await server.payload.count({ collection: 'audit-log' })).totalDocs,
    webhookEvents: (await server.payload.count({ collection: 'webhook-events' })).totalDocs,
    received: receiver.received.length,
  }
}

beforeAll(async () => {
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1'
  server = await startTestServer('auth', { empty: true })
  receiver = await startWebhookReceiver()
  // Set up through the Local API: the installation has no user yet to do it over REST.
  await server.payload.create({ collection: 'webhooks', data: { name: 'Receiver', url: receiver.url, events: ['created', 'updated', 'deleted'], collections: ['categories'] } })
})

afterAll(async () => {
  delete process.env.WEBHOOK_ALLOWED_HOSTS
  await server?.stop()
  await receiver?.close()
})

describe('authentication', () => {
  it('makes the first registered user an admin, whatever role was asked for', async () => {
    // A new installation: no accounts yet.
    await server.payload.delete({ collection: 'users', where: { id: { exists: true } } })
    const email = `founder-${unique()}@folio.test`
    const response = await server.api('/api/users/first-register', {
      method: 'POST',
      json: { email, password: 'a-long-password-1', name: 'Founder', role: 'author' },
    })
    expect(response.status).toBe(200)
    expect(response.body.user.role).toBe('admin')
    const stored = await server.payload.find({ collection: 'users', where: { email: { equals: email } } })
    expect(stored.docs.map((user) => user.role)).toEqual(['admin'])
    expect(await server.payload.count({ collection: 'users' })).toEqual({ totalDocs: 1 })
  })

  it('refuses a first registration once the installation has an account, and creates nobody', async () => {
    await createSignedInUser(server.payload, server.api, 'admin')
    const email = `latecomer-${unique()}@folio.test`
    const before = await traces()
    const users = await server.payload.count({ collection: 'users' })
    const response = await server.api('/api/users/first-register', {
      method: 'POST',
      json: { email, password: 'a-long-password-3', name: 'Latecomer', role: 'admin' },
    })
    expect(response.status).toBe(403)
    expect(response.body.token).toBeUndefined()
    expect(await countWhere('users', { email: { equals: email } })).toBe(0)
    expect(await server.payload.count({ collection: 'users' })).toEqual(users)
    expect(await traces()).toEqual(before)
  })

  it('gives users an admin creates later the role the admin chose', async () => {
    const admin = await createSignedInUser(server.payload, server.api, 'admin')
    const email = `second-${unique()}@folio.test`
    const created = await server.api('/api/users', {
      method: 'POST',
      token: admin.token,
      json: { email, password: 'a-long-password-2', name: 'Second', role: 'editor' },
    })
    expect(created.status).toBe(201)
    expect(created.body.doc.role).toBe('editor')
    const stored = await server.payload.findByID({ collection: 'users', id: created.body.doc.id })
    expect(stored).toMatchObject({ email, role: 'editor' })
  })

  it('refuses to change an email to one another user has, naming the field', async () => {
    const other = await createSignedInUser(server.payload, server.api, 'author')
    const editor = await createSignedInUser(server.payload, server.api, 'editor')
    const response = await server.api(`/api/users/${editor.user.id}`, {
      method: 'PATCH',
      token: editor.token,
      json: { email: other.email.toUpperCase() },
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].data.errors[0]).toMatchObject({ path: 'email' })
    const stored = await server.payload.findByID({ collection: 'users', id: editor.user.id })
    expect(stored.email).toBe(editor.email)
    expect(await countWhere('users', { email: { equals: other.email } })).toBe(1)
  })

  it('logs in, returns a JWT and accepts it for a write', async () => {
    const editor = await createSignedInUser(server.payload, server.api, 'editor')
    const login = await server.api('/api/users/login', {
      method: 'POST',
      json: { email: editor.email, password: editor.password },
    })
    expect(login.status).toBe(200)
    expect(login.body.token.split('.')).toHaveLength(3)
    expect(login.body.user.email).toBe(editor.email)

    const title = `Written with a JWT ${unique()}`
    const write = await server.api('/api/categories', {
      method: 'POST',
      token: login.body.token,
      json: { title },
    })
    expect(write.status).toBe(201)
    expect(write.body.doc.title).toBe(title)
    const stored = await server.payload.findByID({ collection: 'categories', id: write.body.doc.id })
    expect(stored.title).toBe(title)
    // The write is announced like any other: the witness the refusals below rely on.
    await receiver.waitForSuccesses(1, (webhook) => webhook.json.type === 'categories.created' && webhook.json.data.id === stored.id)
  })

  it('refuses a write with a forged token', async () => {
    const title = `Forged ${unique()}`
    const before = await traces()
    const response = await server.api('/api/categories', {
      method: 'POST',
      token: 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IngifQ.invalid',
      json: { title },
    })
    expect(response.status).toBe(403)
    expect(response.body.errors[0].message).toMatch(/not allowed/i)
    expect(await countWhere('categories', { title: { equals: title } })).toBe(0)
    expect(await traces()).toEqual(before)
  })

  it('accepts an API key for an integration', async () => {
    const editor = await createSignedInUser(server.payload, server.api, 'editor')
    const apiKey = randomUUID()
    await server.payload.update({
      collection: 'users',
      id: editor.user.id,
      data: { enableAPIKey: true, apiKey },
    })
    const title = `Written with an API key ${unique()}`
    const write = await server.api('/api/categories', {
      method: 'POST',
      apiKey,
      json: { title },
    })
    expect(write.status).toBe(201)
    const stored = await server.payload.findByID({ collection: 'categories', id: write.body.doc.id })
    expect(stored.title).toBe(title)
    const me = await server.api('/api/users/me', { apiKey })
    expect(me.body.user.email).toBe(editor.email)
  })

  it('refuses a write with an API key nobody holds', async () => {
    const title = `Written with an invented key ${unique()}`
    const before = await traces()
    const wrongKey = await server.api('/api/categories', { method: 'POST', apiKey: randomUUID(), json: { title } })
    expect(wrongKey.status).toBe(403)
    expect(wrongKey.body.errors[0].message).toMatch(/not allowed/i)
    expect(await countWhere('categories', { title: { equals: title } })).toBe(0)
    expect(await traces()).toEqual(before)
  })
})
