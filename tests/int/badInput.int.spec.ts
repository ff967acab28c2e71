import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Post } from '@payload-types'
import { runJobsUntilIdle } from '../helpers/jobs'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createEndpoint } from '../helpers/webhookEndpoints'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver'

let server: TestServer
let receiver: WebhookReceiver
let post: Post

const storedPost = () => server.payload.findByID({ collection: 'posts', id: post.id })

/**
 * What a refused write must leave as it was: every post and page with its versions, the site
 * settings, the audit log and webhook events (an endpoint subscribes to every change).
 */
async function traces() {
  await runJobsUntilIdle(server.payload)
  const all = { depth: 0, limit: 0, pagination: false, draft: true, sort: 'createdAt' } as const
  return {
    posts: (await server.payload.find({ collection: 'posts', ...all })).docs,
    pages: (await server.payload.find({ collection: 'pages', ...all })).docs,
    versions: (await server.payload.countVersions({ collection: 'posts' })).totalDocs + (await server.payload.countVersions({ collection: 'pages' })).totalDocs,
    siteSettings: await server.payload.findGlobal({ slug: 'site-settings' }),
    auditEntries: (await server.payload.count({ collection: 'audit-log' })).totalDocs,
    webhookEvents: (await server.payload.count({ collection: 'webhook-events' })).totalDocs,
    received: receiver.received.length,
  }
}

beforeAll(async () => {
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1'
  server = await startTestServer('bad-input')
  receiver = await startWebhookReceiver()
  await createEndpoint(server, { url: receiver.url, events: ['created', 'updated', 'published', 'unpublished'] })
  post = await server.payload.create({
    collection: 'posts',
    data: { title: 'Untouchable', excerpt: 'Original excerpt', _status: 'published' },
  })
})

afterAll(async () => {
  delete process.env.WEBHOOK_ALLOWED_HOSTS
  await server?.stop()
  await receiver?.close()
})

describe('bad input gets a clear 4xx and changes nothing', () => {
  it('malformed JSON body', async () => {
    const before = await traces()
    const response = await server.api(`/api/posts/${post.id}`, {
      method: 'PATCH',
      token: server.admin.token,
      body: '{"title": "Broken',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toMatch(/invalid json/i)
    expect((await storedPost()).title).toBe('Untouchable')
    expect(await traces()).toEqual(before)
  })

  it('unknown fields on create', async () => {
    const before = await traces()
    const response = await server.api('/api/posts', {
      method: 'POST',
      token: server.admin.token,
      json: { title: 'Typo post', titel: 'oops', seo: { metaTitle: 'x' } },
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toBe('Unknown fields: titel, seo')
    expect(response.body.errors[0].data.unknownFields).toEqual(['titel', 'seo'])
    const { totalDocs } = await server.payload.count({ collection: 'posts', where: { title: { equals: 'Typo post' } } })
    expect(totalDocs).toBe(0)
    expect(await traces()).toEqual(before)
  })

  it('unknown fields inside blocks and arrays', async () => {
    const before = await traces()
    const response = await server.api('/api/pages', {
      method: 'POST',
      token: server.admin.token,
      json: {
        title: 'Nested typo',
        layout: [{ blockType: 'hero', heading: 'Hi', colour: 'red', cta: { label: 'Go', url: '/', target: '_blank' } }],
      },
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].data.unknownFields).toEqual(['layout.0.colour', 'layout.0.cta.target'])
    expect(await server.payload.count({ collection: 'pages', where: { title: { equals: 'Nested typo' } } })).toEqual({ totalDocs: 0 })
    expect(await traces()).toEqual(before)
  })

  it('unknown fields on update', async () => {
    const before = await traces()
    const response = await server.api(`/api/posts/${post.id}`, {
      method: 'PATCH',
      token: server.admin.token,
      json: { excerpt: 'Changed', subtitle: 'nope' },
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toBe('Unknown field: subtitle')
    expect((await storedPost()).excerpt).toBe('Original excerpt')
    expect(await traces()).toEqual(before)
  })

  it('unknown fields on a global', async () => {
    const before = await traces()
    const response = await server.api('/api/globals/site-settings', {
      method: 'POST',
      token: server.admin.token,
      json: { siteName: 'Renamed by a typo', siteTitle: 'nope' },
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toBe('Unknown field: siteTitle')
    expect(response.body.errors[0].data.unknownFields).toEqual(['siteTitle'])
    expect((await server.payload.findGlobal({ slug: 'site-settings' })).siteName).not.toBe('Renamed by a typo')
    expect(await traces()).toEqual(before)
  })

  it('invalid document ids', async () => {
    for (const id of ['not-an-id', '123', 'zzzzzzzzzzzzzzzzzzzzzzzz']) {
      const response = await server.api(`/api/posts/${id}`)
      expect(response.status).toBe(404)
      expect(response.body.errors[0].message).toMatch(/not found/i)
    }
    // The same route answers for an id that names a post.
    expect((await server.api(`/api/posts/${post.id}`)).status).toBe(200)
    const before = await traces()
    const update = await server.api('/api/posts/not-an-id', {
      method: 'PATCH',
      token: server.admin.token,
      json: { title: 'x' },
    })
    expect(update.status).toBe(404)
    expect(update.body.errors[0].message).toMatch(/not found/i)
    expect(await traces()).toEqual(before)
  })

  it('an invalid id in a relationship', async () => {
    const before = await traces()
    const response = await server.api(`/api/posts/${post.id}`, {
      method: 'PATCH',
      token: server.admin.token,
      json: { categories: ['not-an-id'] },
    })
    expect(response.status).toBe(400)
    expect(JSON.stringify(response.body.errors)).toContain('categories')
    expect((await storedPost()).categories ?? []).toEqual([])
    expect(await traces()).toEqual(before)
  })

  it('absurd limit', async () => {
    const response = await server.api('/api/posts?limit=1000000')
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toBe('Query parameter "limit" must be a whole number from 0 to 500')
  })

  it('limit given as a list or object', async () => {
    for (const query of ['limit[]=100000', 'limit[0]=100000', 'depth[x]=9']) {
      const response = await server.api(`/api/posts?${query}`)
      expect(response.status).toBe(400)
      expect(response.body.errors[0].message).toMatch(/must be a single whole number/)
    }
  })

  it('pagination=false or limit=0 from an anonymous caller', async () => {
    for (const query of ['pagination=false', 'limit=0']) {
      const response = await server.api(`/api/posts?${query}`)
      expect(response.status).toBe(400)
      expect(response.body.errors[0].message).toMatch(/Anonymous requests page through results/)
    }
    const signedIn = await server.api('/api/posts?pagination=false', { token: server.admin.token })
    expect(signedIn.status).toBe(200)
    // With a limit it is bounded: the page without its count.
    const bounded = await server.api('/api/posts?pagination=false&limit=2&depth=0')
    expect(bounded.status).toBe(200)
    expect(bounded.body.docs.length).toBeLessThanOrEqual(2)
    expect(bounded.body.totalDocs).toBe(bounded.body.docs.length)
  })

  it('an absurd limit through GraphQL', async () => {
    const response = await server.api('/api/graphql', {
      method: 'POST',
      json: { query: '{ Posts(limit: 100000) { docs { id } } }' },
    })
    expect(response.body.data?.Posts ?? null).toBeNull()
    expect(response.body.errors[0].message).toBe('"limit" must be a whole number from 1 to 500')
  })

  it('absurd or malformed depth', async () => {
    for (const depth of ['99', '-1', 'deep', '1.5']) {
      const response = await server.api(`/api/posts?depth=${depth}`)
      expect(response.status).toBe(400)
      expect(response.body.errors[0].message).toBe('Query parameter "depth" must be a whole number from 0 to 5')
    }
  })

  it('a where on a field that does not exist', async () => {
    const response = await server.api('/api/posts?where[nonexistent][equals]=1')
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toBe('The following path cannot be queried: nonexistent')
  })

  it('a where with an unknown operator', async () => {
    const response = await server.api('/api/posts?where[title][resembles]=x')
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toMatch(/cannot be queried: title.resembles/)
  })

  it('a where that is neither JSON nor bracket syntax', async () => {
    const response = await server.api('/api/posts?where=title%3Dx')
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toMatch(/"where" must be a JSON object/)
  })

  it('a value of the wrong type', async () => {
    const publishedAt = (await storedPost()).publishedAt
    const before = await traces()
    const response = await server.api(`/api/posts/${post.id}`, {
      method: 'PATCH',
      token: server.admin.token,
      json: { publishedAt: 'next tuesday' },
    })
    expect(response.status).toBe(400)
    expect(JSON.stringify(response.body.errors)).toContain('publishedAt')
    expect((await storedPost()).title).toBe('Untouchable')
    expect((await storedPost()).publishedAt).toBe(publishedAt)
    expect(await traces()).toEqual(before)
  })

  it('an unknown route under /api', async () => {
    const response = await server.api('/api/nothing-here')
    expect(response.status).toBe(404)
    expect(response.body.errors[0].message).toMatch(/not found/i)
  })
})
