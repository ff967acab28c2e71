import { randomBytes } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { runJobsUntilIdle } from '../helpers/jobs'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser, type SignedInUser } from '../helpers/users'
import { createEndpoint } from '../helpers/webhookEndpoints'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver'

let server: TestServer
let receiver: WebhookReceiver
let editor: SignedInUser
const categoryIds: string[] = []

const unique = () => randomBytes(4).toString('hex')

/** What a refused write must leave as it was: the documents, the audit log and webhook events (an endpoint subscribes to every change). */
async function traces(collection: 'posts' | 'categories') {
  await runJobsUntilIdle(server.payload)
  const { docs } = await server.payload.find({ collection, depth: 0, limit: 0, pagination: false, sort: 'createdAt', draft: true })
  return {
    documents: docs.map(({ id, slug, title, updatedAt }) => ({ id, slug, title, updatedAt })),
    auditEntries: (await server.payload.count({ collection: 'audit-log' })).totalDocs,
    webhookEvents: (await server.payload.count({ collection: 'webhook-events' })).totalDocs,
    received: receiver.received.length,
  }
}

beforeAll(async () => {
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1'
  server = await startTestServer('rest')
  receiver = await startWebhookReceiver()
  await createEndpoint(server, { url: receiver.url, events: ['created', 'updated', 'deleted', 'published', 'unpublished'] })
  editor = await createSignedInUser(server.payload, server.api, 'editor')
  for (const title of ['News', 'Tutorials']) {
    const category = await server.payload.create({ collection: 'categories', data: { title } })
    categoryIds.push(category.id)
  }
  for (let index = 1; index <= 12; index++) {
    await server.payload.create({
      collection: 'posts',
      data: {
        title: `Listed post ${String(index).padStart(2, '0')}`,
        categories: [categoryIds[index % 2]],
        publishedAt: new Date(Date.UTC(2026, 0, index)).toISOString(),
        _status: 'published',
      },
    })
  }
})

afterAll(async () => {
  delete process.env.WEBHOOK_ALLOWED_HOSTS
  await server?.stop()
  await receiver?.close()
})

describe('REST CRUD', () => {
  it('creates, reads, updates and deletes a category', async () => {
    const created = await server.api('/api/categories', {
      method: 'POST',
      token: editor.token,
      json: { title: 'Company News' },
    })
    expect(created.status).toBe(201)
    expect(created.body.doc).toMatchObject({ title: 'Company News', slug: 'company-news' })
    const id = created.body.doc.id
    expect(await server.payload.findByID({ collection: 'categories', id })).toMatchObject({ title: 'Company News', slug: 'company-news' })

    const read = await server.api(`/api/categories/${id}`)
    expect(read.status).toBe(200)
    expect(read.body.title).toBe('Company News')

    const updated = await server.api(`/api/categories/${id}`, {
      method: 'PATCH',
      token: editor.token,
      json: { title: 'Press office', slug: 'press-office' },
    })
    expect(updated.status).toBe(200)
    expect(updated.body.doc).toMatchObject({ title: 'Press office', slug: 'press-office' })
    const stored = await server.payload.findByID({ collection: 'categories', id })
    expect(stored).toMatchObject({ title: 'Press office', slug: 'press-office' })

    const deleted = await server.api(`/api/categories/${id}`, { method: 'DELETE', token: editor.token })
    expect(deleted.status).toBe(200)
    expect((await server.api(`/api/categories/${id}`)).status).toBe(404)
    expect(await server.payload.count({ collection: 'categories', where: { id: { equals: id } } })).toEqual({ totalDocs: 0 })
  })

  it('generates a unique slug from the title and refuses a duplicate slug', async () => {
    const first = await server.api('/api/posts', {
      method: 'POST',
      token: editor.token,
      json: { title: 'Hello, Wörld! Again', _status: 'published' },
    })
    expect(first.status).toBe(201)
    expect(first.body.doc.slug).toMatch(/^hello-w.*rld-again$/)
    expect((await server.payload.findByID({ collection: 'posts', id: first.body.doc.id })).slug).toBe(first.body.doc.slug)

    const before = await traces('posts')
    const duplicate = await server.api('/api/posts', {
      method: 'POST',
      token: editor.token,
      json: { title: 'Another', slug: first.body.doc.slug, _status: 'published' },
    })
    expect(duplicate.status).toBe(400)
    expect(JSON.stringify(duplicate.body.errors)).toContain('slug')
    expect(await traces('posts')).toEqual(before)
  })
})

describe('slugs and publishing dates', () => {
  it('refuses a slug that becomes a duplicate once normalised, naming the field', async () => {
    const taken = await server.api('/api/categories', { method: 'POST', token: editor.token, json: { title: 'Press' } })
    expect(taken.status).toBe(201)
    expect(taken.body.doc.slug).toBe('press')
    const before = await traces('categories')
    const response = await server.api('/api/categories', {
      method: 'POST',
      token: editor.token,
      json: { title: 'Press releases', slug: 'Press' },
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].data.errors[0]).toMatchObject({ path: 'slug' })
    expect(response.body.errors[0].data.errors[0].message).toContain('"press" is already used')
    expect(await traces('categories')).toEqual(before)
  })

  it('stores an edited slug normalised', async () => {
    const created = await server.api('/api/categories', { method: 'POST', token: editor.token, json: { title: 'Events' } })
    const updated = await server.api(`/api/categories/${created.body.doc.id}`, {
      method: 'PATCH',
      token: editor.token,
      json: { slug: 'Upcoming Events!' },
    })
    expect(updated.status).toBe(200)
    expect(updated.body.doc.slug).toBe('upcoming-events')
    expect((await server.payload.findByID({ collection: 'categories', id: created.body.doc.id })).slug).toBe('upcoming-events')
  })

  it('keeps publishedAt when a published post is published again', async () => {
    const created = await server.api('/api/posts', {
      method: 'POST',
      token: editor.token,
      json: { title: 'First published long ago', _status: 'published', publishedAt: '2020-01-31T09:00:00.000Z' },
    })
    const firstPublishedAt = created.body.doc.publishedAt
    expect(firstPublishedAt).toBe('2020-01-31T09:00:00.000Z')
    const republished = await server.api(`/api/posts/${created.body.doc.id}`, {
      method: 'PATCH',
      token: editor.token,
      json: { title: 'First published long ago, edited', _status: 'published' },
    })
    expect(republished.status).toBe(200)
    expect(republished.body.doc.publishedAt).toBe(firstPublishedAt)
    expect(await server.payload.findByID({ collection: 'posts', id: created.body.doc.id })).toMatchObject({
      title: 'First published long ago, edited',
      _status: 'published',
      publishedAt: firstPublishedAt,
    })
  })
})

describe('bulk operations', () => {
  it('deletes every match with limit=0, as the admin list view does', async () => {
    const marker = `Bulk ${unique()}`
    for (const title of [`${marker} one`, `${marker} two`, `${marker} three`]) {
      await server.payload.create({ collection: 'categories', data: { title } })
    }
    const bystander = await server.payload.create({ collection: 'categories', data: { title: `Kept ${unique()}` } })
    const response = await server.api(`/api/categories?where[title][like]=${encodeURIComponent(marker)}&limit=0`, {
      method: 'DELETE',
      token: editor.token,
    })
    expect(response.status).toBe(200)
    expect(response.body.docs).toHaveLength(3)
    const { totalDocs } = await server.payload.count({ collection: 'categories', where: { title: { like: marker } } })
    expect(totalDocs).toBe(0)
    // Only the matches: a category outside the filter is still there.
    expect((await server.payload.findByID({ collection: 'categories', id: bystander.id })).title).toBe(bystander.title)
  })
})

describe('REST queries', () => {
  it('filters with where', async () => {
    const response = await server.api(
      `/api/posts?where[categories][in]=${categoryIds[0]}&where[title][like]=Listed&limit=50`,
    )
    expect(response.status).toBe(200)
    expect(response.body.totalDocs).toBe(6)
    expect(response.body.docs.every((post: any) => post.categories[0].id === categoryIds[0])).toBe(true)
  })

  it("answers the admin's long reads (POST with X-Payload-HTTP-Method-Override: GET, the query as a form body) as the GET", async () => {
    const query = `where[categories][in]=${categoryIds[0]}&where[title][like]=Listed&sort=-publishedAt&limit=4&depth=0`
    const asGet = await server.api(`/api/posts?${query}`, { token: editor.token })
    const overridden = await server.api('/api/posts', {
      method: 'POST',
      token: editor.token,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Payload-HTTP-Method-Override': 'GET' },
      body: query,
    })
    expect(overridden.status).toBe(200)
    expect(asGet.body.docs).toHaveLength(4)
    expect(overridden.body.docs.map((post: { id: string }) => post.id)).toEqual(asGet.body.docs.map((post: { id: string }) => post.id))
    expect(overridden.body.totalDocs).toBe(6)
    // Without the override header a form body is still refused: Folio writes take JSON.
    const plain = await server.api('/api/posts', { method: 'POST', token: editor.token, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'title=Sneaky' })
    expect(plain.status).toBe(415)
    expect((await server.payload.count({ collection: 'posts', where: { title: { equals: 'Sneaky' } } })).totalDocs).toBe(0)
  })

  it("carries each refusal's first message at the top, where Payload's admin reads it for its toasts", async () => {
    const refusals = [
      await server.api('/api/search/reindex', { method: 'POST', token: editor.token, json: { collections: ['posts'] } }),
      await server.api('/api/posts', { method: 'POST', token: editor.token, json: { excerpt: 'No title' } }),
      await server.api('/api/posts', { method: 'POST', token: editor.token, headers: { 'Content-Type': 'text/csv' }, body: 'a,b' }),
      await server.api('/api/no-such-collection'),
      await server.api('/api/posts?sort=nope'),
    ]
    expect(refusals.map((refusal) => refusal.status)).toEqual([403, 400, 415, 404, 400])
    for (const refusal of refusals) {
      expect(refusal.body.message).toBeTypeOf('string')
      expect(refusal.body.message.length).toBeGreaterThan(0)
      expect(refusal.body.message).toBe(refusal.body.errors[0].message)
      expect(refusal.body.errors[0].code).toBeTypeOf('string')
    }
  })

  it('sorts by publishedAt both ways', async () => {
    const newest = await server.api('/api/posts?where[title][like]=Listed&sort=-publishedAt&limit=3&depth=0')
    expect(newest.body.docs.map((post: any) => post.title)).toEqual([
      'Listed post 12',
      'Listed post 11',
      'Listed post 10',
    ])
    const oldest = await server.api('/api/posts?where[title][like]=Listed&sort=publishedAt&limit=1&depth=0')
    expect(oldest.body.docs[0].title).toBe('Listed post 01')
  })

  it('paginates', async () => {
    const page = await server.api('/api/posts?where[title][like]=Listed&sort=publishedAt&limit=5&page=3&depth=0')
    expect(page.status).toBe(200)
    expect(page.body).toMatchObject({ totalDocs: 12, totalPages: 3, page: 3, hasNextPage: false, hasPrevPage: true })
    expect(page.body.docs.map((post: any) => post.title)).toEqual(['Listed post 11', 'Listed post 12'])
  })

  it('populates relationships to the requested depth', async () => {
    const shallow = await server.api('/api/posts?where[title][equals]=Listed post 01&depth=0')
    expect(shallow.body.docs[0].categories).toEqual([categoryIds[1]])

    const deep = await server.api('/api/posts?where[title][equals]=Listed post 01&depth=1')
    expect(deep.body.docs[0].categories[0]).toMatchObject({ id: categoryIds[1], title: 'Tutorials' })
  })

  it('exposes author names but not user accounts to anonymous readers', async () => {
    const created = await server.api('/api/posts', {
      method: 'POST',
      token: editor.token,
      json: { title: 'By the editor', _status: 'published' },
    })
    const read = await server.api(`/api/posts/${created.body.doc.id}?depth=1`)
    expect(read.status).toBe(200)
    expect(read.body.populatedAuthors).toEqual([{ id: editor.user.id, name: editor.user.name }])
    expect(read.body.authors).toEqual([editor.user.id])
  })

  it('names each post\'s own authors in a list, reading the names of the whole list at once', async () => {
    const tag = unique()
    const [ada, grace, gone] = await Promise.all(
      ['Ada', 'Grace', 'Gone'].map((name) =>
        server.payload.create({ collection: 'users', data: { name: `${name} ${tag}`, email: `${name.toLowerCase()}-${tag}@folio.test`, password: `pw-${tag}-long-enough`, role: 'author' } }),
      ),
    )
    const authorsOf = [[ada.id], [grace.id, ada.id], [gone.id, grace.id], []]
    for (const [index, authors] of authorsOf.entries()) {
      await server.payload.create({ collection: 'posts', data: { title: `Authored ${tag} ${index}`, authors, _status: 'published', publishedAt: new Date(Date.UTC(2025, 0, 10 - index)).toISOString() } })
    }
    await server.payload.delete({ collection: 'users', id: gone.id })

    const userReads = vi.spyOn(server.payload.db, 'find')
    try {
      const list = await server.api(`/api/posts?where[title][like]=Authored ${tag}&sort=-publishedAt&depth=0`)
      expect(list.status).toBe(200)
      expect(list.body.docs.map((post: any) => post.populatedAuthors)).toEqual([
        [{ id: ada.id, name: ada.name }],
        [{ id: grace.id, name: grace.name }, { id: ada.id, name: ada.name }],
        [{ id: grace.id, name: grace.name }],
        [],
      ])
      expect(userReads.mock.calls.filter(([args]) => args.collection === 'users')).toHaveLength(1)
    } finally {
      userReads.mockRestore()
    }
  })
})

describe('drafts', () => {
  it('keeps draft pages invisible to anonymous readers, over REST and GraphQL', async () => {
    const created = await server.api('/api/pages', {
      method: 'POST',
      token: editor.token,
      json: { title: 'Unannounced product', _status: 'draft' },
    })
    expect(created.status).toBe(201)
    expect(await server.payload.findByID({ collection: 'pages', id: created.body.doc.id, draft: true })).toMatchObject({ title: 'Unannounced product', _status: 'draft' })
    const rest = await server.api('/api/pages?where[title][equals]=Unannounced product&draft=true')
    expect(rest.status).toBe(200)
    expect(rest.body.totalDocs).toBe(0)
    const graphql = await server.api('/api/graphql', {
      method: 'POST',
      json: { query: '{ Pages(draft: true, where: { title: { equals: "Unannounced product" } }) { totalDocs } }' },
    })
    expect(graphql.body.data.Pages.totalDocs).toBe(0)
    const staff = await server.api('/api/pages?where[title][equals]=Unannounced product&draft=true', {
      token: editor.token,
    })
    expect(staff.body.totalDocs).toBe(1)
  })

  it('keeps drafts invisible to anonymous readers and visible to staff', async () => {
    const draft = await server.api('/api/posts', {
      method: 'POST',
      token: editor.token,
      json: { title: 'Secret launch plan', _status: 'draft' },
    })
    expect(draft.status).toBe(201)
    const id = draft.body.doc.id
    expect(await server.payload.findByID({ collection: 'posts', id, draft: true })).toMatchObject({ title: 'Secret launch plan', _status: 'draft' })

    expect((await server.api(`/api/posts/${id}`)).status).toBe(404)
    expect((await server.api(`/api/posts/${id}?draft=true`)).status).toBe(404)
    const list = await server.api('/api/posts?where[title][equals]=Secret launch plan')
    expect(list.body.totalDocs).toBe(0)

    const asEditor = await server.api(`/api/posts/${id}?draft=true`, { token: editor.token })
    expect(asEditor.status).toBe(200)
    expect(asEditor.body.title).toBe('Secret launch plan')
  })

  it('shows the published version, not a newer draft, to anonymous readers', async () => {
    const created = await server.api('/api/posts', {
      method: 'POST',
      token: editor.token,
      json: { title: 'Public title', _status: 'published' },
    })
    expect(created.status).toBe(201)
    const id = created.body.doc.id
    const drafted = await server.api(`/api/posts/${id}?draft=true`, {
      method: 'PATCH',
      token: editor.token,
      json: { title: 'Unreleased title', _status: 'draft' },
    })
    expect(drafted.status).toBe(200)
    expect((await server.payload.findByID({ collection: 'posts', id, draft: true })).title).toBe('Unreleased title')
    expect((await server.payload.findByID({ collection: 'posts', id })).title).toBe('Public title')

    const anonymous = await server.api(`/api/posts/${id}?draft=true`)
    expect(anonymous.status).toBe(200)
    expect(anonymous.body.title).toBe('Public title')
    const staff = await server.api(`/api/posts/${id}?draft=true`, { token: editor.token })
    expect(staff.body.title).toBe('Unreleased title')
  })
})
