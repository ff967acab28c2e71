import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runJobsUntilIdle } from '../helpers/jobs'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createEndpoint } from '../helpers/webhookEndpoints'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver'

let server: TestServer
let receiver: WebhookReceiver
let categoryId: string

/** What a refused mutation must leave as it was: the categories, the audit log and webhook events (an endpoint subscribes to categories). */
async function traces() {
  await runJobsUntilIdle(server.payload)
  const { docs } = await server.payload.find({ collection: 'categories', depth: 0, limit: 0, pagination: false, sort: 'createdAt' })
  return {
    categories: docs,
    auditEntries: (await server.payload.count({ collection: 'audit-log' })).totalDocs,
    webhookEvents: (await server.payload.count({ collection: 'webhook-events' })).totalDocs,
    received: receiver.received.length,
  }
}

const graphql = (query: string, token?: string, headers?: Record<string, string>) =>
  server.api('/api/graphql', { method: 'POST', token, json: { query }, headers })

beforeAll(async () => {
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1'
  server = await startTestServer('graphql')
  receiver = await startWebhookReceiver()
  await createEndpoint(server, { url: receiver.url, events: ['created', 'updated', 'deleted'], collections: ['categories'] })
  const category = await server.payload.create({ collection: 'categories', data: { title: 'Releases' } })
  categoryId = category.id
  await server.payload.create({
    collection: 'posts',
    data: { title: 'Version one', categories: [categoryId], authors: [server.admin.user.id], _status: 'published' },
  })
})

afterAll(async () => {
  delete process.env.WEBHOOK_ALLOWED_HOSTS
  await server?.stop()
  await receiver?.close()
})

describe('GraphQL', () => {
  it('answers a query with its relationships populated', async () => {
    const response = await graphql(`{
      Posts(where: { title: { equals: "Version one" } }) {
        totalDocs
        docs { title slug categories { id title } populatedAuthors { name } }
      }
    }`)
    expect(response.status).toBe(200)
    expect(response.body.errors).toBeUndefined()
    expect(response.body.data.Posts.totalDocs).toBe(1)
    expect(response.body.data.Posts.docs[0]).toEqual({
      title: 'Version one',
      slug: 'version-one',
      categories: [{ id: categoryId, title: 'Releases' }],
      populatedAuthors: [{ name: server.admin.user.name }],
    })
  })

  it('hides drafts from anonymous queries', async () => {
    const draft = await server.payload.create({ collection: 'posts', data: { title: 'Unfinished', _status: 'draft' } })
    const query = `{ Posts(where: { id: { equals: "${draft.id}" } }) { totalDocs docs { title } } }`
    const anonymous = await graphql(query)
    expect(anonymous.body.errors).toBeUndefined()
    expect(anonymous.body.data.Posts).toEqual({ totalDocs: 0, docs: [] })
    // The same query finds the draft for staff: the empty answer above is the access rule at work.
    const staff = await graphql(query, server.admin.token)
    expect(staff.body.data.Posts).toEqual({ totalDocs: 1, docs: [{ title: 'Unfinished' }] })
  })

  it('runs a mutation with a JWT', async () => {
    const response = await graphql(
      'mutation { createCategory(data: { title: "From GraphQL" }) { id title slug } }',
      server.admin.token,
    )
    expect(response.status).toBe(200)
    expect(response.body.errors).toBeUndefined()
    expect(response.body.data.createCategory).toMatchObject({ title: 'From GraphQL', slug: 'from-graphql' })
    const stored = await server.payload.findByID({ collection: 'categories', id: response.body.data.createCategory.id })
    expect(stored).toMatchObject({ title: 'From GraphQL', slug: 'from-graphql' })
    // Announced like a write over REST: the witness the refusals below rely on.
    await receiver.waitForSuccesses(1, (webhook) => webhook.json.type === 'categories.created' && webhook.json.data.id === stored.id)
  })

  it('refuses an anonymous mutation and stores nothing', async () => {
    const before = await traces()
    const response = await graphql('mutation { createCategory(data: { title: "Anonymous" }) { id } }')
    expect(response.body.data?.createCategory ?? null).toBeNull()
    expect(response.body.errors[0].message).toMatch(/not allowed/i)
    expect(response.body.errors[0].extensions.statusCode).toBe(403)
    const { totalDocs } = await server.payload.count({
      collection: 'categories',
      where: { title: { equals: 'Anonymous' } },
    })
    expect(totalDocs).toBe(0)
    expect(await traces()).toEqual(before)
  })

  it('refuses an anonymous update and changes nothing', async () => {
    const before = await traces()
    const response = await graphql(`mutation { updateCategory(id: "${categoryId}", data: { title: "Defaced" }) { id } }`)
    expect(response.body.data?.updateCategory ?? null).toBeNull()
    expect(response.body.errors[0].extensions.statusCode).toBe(403)
    expect((await server.payload.findByID({ collection: 'categories', id: categoryId })).title).toBe('Releases')
    expect(await traces()).toEqual(before)
  })

  it('rejects a syntactically broken query with 400 (GraphQL over HTTP)', async () => {
    const response = await graphql('{ Posts( { docs }', undefined, { Accept: 'application/graphql-response+json' })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toMatch(/Syntax Error/)
  })
})
