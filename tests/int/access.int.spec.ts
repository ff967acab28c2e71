import { randomBytes } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { generateImage } from '@/lib/generateImage'
import type { ApiResponse } from '../helpers/apiClient'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser, type SignedInUser } from '../helpers/users'

/**
 * Who may do what, as a table: every attempt is made by every kind of user, each on documents of
 * its own. An allowed attempt must change what is stored; a refused one must answer its status
 * and change nothing.
 */

/** `owner` is the author listed on the post an attempt works on; `author` is another author. */
const ACTORS = ['anonymous', 'owner', 'author', 'editor', 'admin'] as const
type Actor = (typeof ACTORS)[number]

let server: TestServer
const users = {} as Record<Exclude<Actor, 'anonymous'>, SignedInUser>
const tokenOf = (actor: Actor) => (actor === 'anonymous' ? undefined : users[actor].token)
const newMarker = () => `marker-${randomBytes(4).toString('hex')}`

beforeAll(async () => {
  server = await startTestServer('access')
  users.owner = await createSignedInUser(server.payload, server.api, 'author')
  users.author = await createSignedInUser(server.payload, server.api, 'author')
  users.editor = await createSignedInUser(server.payload, server.api, 'editor')
  users.admin = server.admin
})

afterAll(async () => {
  await server?.stop()
})

const ownersPost = async (status: 'draft' | 'published' = 'published') =>
  String((await server.payload.create({ collection: 'posts', data: { title: `The owner’s post ${newMarker()}`, authors: [users.owner.user.id], _status: status } })).id)
const page = async () => String((await server.payload.create({ collection: 'pages', data: { title: `A page ${newMarker()}`, _status: 'published' } })).id)
const category = async () => String((await server.payload.create({ collection: 'categories', data: { title: `A category ${newMarker()}` } })).id)
const teamMember = async () =>
  String((await server.payload.create({ collection: 'users', data: { email: `${newMarker()}@folio.test`, password: 'a-long-password', name: 'Team member', role: 'author' } })).id)
/** An upload, by `uploadedBy` when given (set-up code may name the uploader; the API never lets a client). */
const image = async (uploadedBy?: string) =>
  String(
    (
      await server.payload.create({
        collection: 'media',
        data: { alt: 'Team photo', ...(uploadedBy ? { uploadedBy } : {}) },
        file: { data: await generateImage(['#000000', '#ffffff'], 1, 64, 64), mimetype: 'image/png', name: 'team.png', size: 1 },
      })
    ).id,
  )

const stored = async (collection: 'posts' | 'pages' | 'categories' | 'users' | 'media', id: string): Promise<Record<string, unknown> | undefined> => {
  const { docs } = await server.payload.find({ collection, where: { id: { equals: id } }, draft: true, depth: 0, limit: 1 })
  return docs[0] ? { ...docs[0] } : undefined
}
const scheduledJobsFor = async (id: string) => {
  const { docs } = await server.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'schedulePublish' } }, limit: 1000, depth: 0 })
  return docs.filter((job) => (job.input as { doc?: { value?: string } } | undefined)?.doc?.value === id).length
}

type Attempt = {
  what: string
  allowed: readonly Actor[]
  /** The status of a refusal, by actor; 403 unless given. */
  refused?: Partial<Record<Actor, number>>
  /** The status of a success: 200 unless given. */
  succeeded?: number
  /** Stores what the attempt works on. */
  prepare?: () => Promise<string>
  send: (target: string, marker: string, token: string | undefined) => Promise<ApiResponse>
  /** Whether the stored state shows the attempt. */
  changed: (target: string, marker: string) => Promise<boolean>
}

const everyoneSignedIn = ['owner', 'author', 'editor', 'admin'] as const
const ownerAndStaffEditors = ['owner', 'editor', 'admin'] as const
const editors = ['editor', 'admin'] as const

const attempts: Attempt[] = [
  {
    what: 'create a post',
    allowed: everyoneSignedIn,
    succeeded: 201,
    send: (_, marker, token) => server.api('/api/posts', { method: 'POST', token, json: { title: marker } }),
    changed: async (_, marker) => (await server.payload.count({ collection: 'posts', where: { title: { equals: marker } } })).totalDocs > 0,
  },
  {
    what: 'edit the owner’s post',
    allowed: ownerAndStaffEditors,
    prepare: () => ownersPost(),
    send: (id, marker, token) => server.api(`/api/posts/${id}`, { method: 'PATCH', token, json: { title: marker } }),
    changed: async (id, marker) => (await stored('posts', id))?.title === marker,
  },
  {
    what: 'delete the owner’s post',
    allowed: ownerAndStaffEditors,
    prepare: () => ownersPost(),
    send: (id, _, token) => server.api(`/api/posts/${id}`, { method: 'DELETE', token }),
    changed: async (id) => (await stored('posts', id)) === undefined,
  },
  {
    what: 'delete the owner’s post in bulk',
    allowed: ownerAndStaffEditors,
    // Another author's selection is refused as a whole (see "bulk changes" below).
    prepare: () => ownersPost(),
    send: (id, _, token) => server.api(`/api/posts?where[id][equals]=${id}`, { method: 'DELETE', token }),
    changed: async (id) => (await stored('posts', id)) === undefined,
  },
  {
    what: 'schedule the owner’s draft to be published',
    allowed: ownerAndStaffEditors,
    refused: { anonymous: 401 },
    succeeded: 201,
    prepare: () => ownersPost('draft'),
    send: (id, _, token) =>
      server.api(`/api/posts/${id}/schedule`, { method: 'POST', token, json: { action: 'publish', at: new Date(Date.now() + 3_600_000).toISOString() } }),
    changed: async (id) => (await scheduledJobsFor(id)) > 0,
  },
  {
    what: 'create a page',
    allowed: editors,
    succeeded: 201,
    send: (_, marker, token) => server.api('/api/pages', { method: 'POST', token, json: { title: marker } }),
    changed: async (_, marker) => (await server.payload.count({ collection: 'pages', where: { title: { equals: marker } } })).totalDocs > 0,
  },
  {
    what: 'edit a page',
    allowed: editors,
    prepare: page,
    send: (id, marker, token) => server.api(`/api/pages/${id}`, { method: 'PATCH', token, json: { title: marker } }),
    changed: async (id, marker) => (await stored('pages', id))?.title === marker,
  },
  {
    what: 'delete a page',
    allowed: editors,
    prepare: page,
    send: (id, _, token) => server.api(`/api/pages/${id}`, { method: 'DELETE', token }),
    changed: async (id) => (await stored('pages', id)) === undefined,
  },
  {
    what: 'schedule a page to be unpublished',
    allowed: editors,
    refused: { anonymous: 401 },
    succeeded: 201,
    prepare: page,
    send: (id, _, token) =>
      server.api(`/api/pages/${id}/schedule`, { method: 'POST', token, json: { action: 'unpublish', at: new Date(Date.now() + 3_600_000).toISOString() } }),
    changed: async (id) => (await scheduledJobsFor(id)) > 0,
  },
  {
    what: 'create a category',
    allowed: editors,
    succeeded: 201,
    send: (_, marker, token) => server.api('/api/categories', { method: 'POST', token, json: { title: marker } }),
    changed: async (_, marker) => (await server.payload.count({ collection: 'categories', where: { title: { equals: marker } } })).totalDocs > 0,
  },
  {
    what: 'rename a category',
    allowed: editors,
    prepare: category,
    send: (id, marker, token) => server.api(`/api/categories/${id}`, { method: 'PATCH', token, json: { title: marker } }),
    changed: async (id, marker) => (await stored('categories', id))?.title === marker,
  },
  {
    what: 'delete a category',
    allowed: editors,
    prepare: category,
    send: (id, _, token) => server.api(`/api/categories/${id}`, { method: 'DELETE', token }),
    changed: async (id) => (await stored('categories', id)) === undefined,
  },
  {
    what: 'change the alt text of an upload',
    allowed: editors,
    prepare: () => image(),
    send: (id, marker, token) => server.api(`/api/media/${id}`, { method: 'PATCH', token, json: { alt: marker } }),
    changed: async (id, marker) => (await stored('media', id))?.alt === marker,
  },
  {
    what: 'change the alt text of the owner’s upload',
    allowed: ownerAndStaffEditors,
    prepare: () => image(users.owner.user.id),
    send: (id, marker, token) => server.api(`/api/media/${id}`, { method: 'PATCH', token, json: { alt: marker } }),
    changed: async (id, marker) => (await stored('media', id))?.alt === marker,
  },
  {
    what: 'delete the owner’s upload',
    allowed: editors,
    prepare: () => image(users.owner.user.id),
    send: (id, _, token) => server.api(`/api/media/${id}`, { method: 'DELETE', token }),
    changed: async (id) => (await stored('media', id)) === undefined,
  },
  {
    what: 'change the site settings',
    allowed: ['admin'],
    send: (_, marker, token) => server.api('/api/globals/site-settings', { method: 'POST', token, json: { siteName: marker } }),
    changed: async (_, marker) => (await server.payload.findGlobal({ slug: 'site-settings' })).siteName === marker,
  },
  {
    what: 'add a user',
    allowed: ['admin'],
    succeeded: 201,
    send: (_, marker, token) => server.api('/api/users', { method: 'POST', token, json: { email: `${marker}@folio.test`, password: 'a-long-password', name: marker, role: 'author' } }),
    changed: async (_, marker) => (await server.payload.count({ collection: 'users', where: { email: { equals: `${marker}@folio.test` } } })).totalDocs > 0,
  },
  {
    what: 'rename another user',
    allowed: ['admin'],
    prepare: teamMember,
    send: (id, marker, token) => server.api(`/api/users/${id}`, { method: 'PATCH', token, json: { name: marker } }),
    changed: async (id, marker) => (await stored('users', id))?.name === marker,
  },
  {
    what: 'make another user an editor',
    allowed: ['admin'],
    prepare: teamMember,
    send: (id, _, token) => server.api(`/api/users/${id}`, { method: 'PATCH', token, json: { role: 'editor' } }),
    changed: async (id) => (await stored('users', id))?.role === 'editor',
  },
  {
    what: 'remove a user',
    allowed: ['admin'],
    prepare: teamMember,
    send: (id, _, token) => server.api(`/api/users/${id}`, { method: 'DELETE', token }),
    changed: async (id) => (await stored('users', id)) === undefined,
  },
]

describe.each(attempts)('$what', (attempt) => {
  it.each(ACTORS)('as %s', async (actor) => {
    const marker = newMarker()
    const target = (await attempt.prepare?.()) ?? ''
    const response = await attempt.send(target, marker, tokenOf(actor))
    if (attempt.allowed.includes(actor)) {
      expect(response.body?.errors ?? [], JSON.stringify(response.body)).toEqual([])
      expect(response.status).toBe(attempt.succeeded ?? 200)
      expect(await attempt.changed(target, marker)).toBe(true)
    } else {
      expect(response.status).toBe(attempt.refused?.[actor] ?? 403)
      expect(await attempt.changed(target, marker)).toBe(false)
    }
  })
})

describe('one’s own role', () => {
  // Payload drops a field the user may not write and saves the rest: the answer is 200, the role unchanged.
  it.each(['owner', 'editor'] as const)('cannot be raised by an %s', async (actor) => {
    const response = await server.api(`/api/users/${users[actor].user.id}`, { method: 'PATCH', token: tokenOf(actor), json: { role: 'admin', bio: 'Wants more' } })
    expect(response.status).toBe(200)
    const after = await stored('users', users[actor].user.id)
    expect(after?.bio).toBe('Wants more')
    expect(after?.role).toBe(users[actor].user.role)
  })
})

describe('reading', () => {
  it.each(ACTORS)('a draft post as %s: only staff see it, by id and in lists', async (actor) => {
    const id = await ownersPost('draft')
    const staff = actor !== 'anonymous'
    const one = await server.api(`/api/posts/${id}?depth=0`, { token: tokenOf(actor) })
    expect(one.status).toBe(staff ? 200 : 404)
    if (staff) expect(one.body.id).toBe(id)
    const list = await server.api(`/api/posts?depth=0&where[id][equals]=${id}`, { token: tokenOf(actor) })
    expect(list.status).toBe(200)
    expect(list.body.docs.map((doc: { id: string }) => doc.id)).toEqual(staff ? [id] : [])
    const versions = await server.api(`/api/posts/versions?depth=0&where[parent][equals]=${id}`, { token: tokenOf(actor) })
    expect(versions.status).toBe(staff ? 200 : 403)
    if (staff) expect(versions.body.totalDocs).toBeGreaterThan(0)
  })

  it.each(ACTORS)('a published post, categories, media and site settings as %s', async (actor) => {
    const id = await ownersPost('published')
    const token = tokenOf(actor)
    const post = await server.api(`/api/posts/${id}?depth=0`, { token })
    expect(post.status).toBe(200)
    expect(post.body.title).toMatch(/^The owner’s post/)
    const categoryId = await category()
    expect((await server.api(`/api/categories/${categoryId}`, { token })).body.id).toBe(categoryId)
    const imageId = await image()
    expect((await server.api(`/api/media/${imageId}`, { token })).body.alt).toBe('Team photo')
    const settings = await server.api('/api/globals/site-settings', { token })
    expect(settings.status).toBe(200)
    expect(typeof settings.body.siteName).toBe('string')
  })

  it('the team: anonymous visitors see nobody, authors only themselves, editors and admins everyone', async () => {
    const anonymous = await server.api('/api/users')
    expect(anonymous.status).toBe(403)
    expect(anonymous.body.errors[0].message).toMatch(/not allowed/i)
    const ids = async (actor: Actor) => (await server.api('/api/users?limit=100&depth=0', { token: tokenOf(actor) })).body.docs.map((user: { id: string }) => user.id)
    expect(await ids('owner')).toEqual([users.owner.user.id])
    expect((await server.api(`/api/users/${users.author.user.id}`, { token: tokenOf('owner') })).status).toBe(404)
    const everyone = [users.owner, users.author, users.editor, users.admin].map(({ user }) => user.id)
    expect(await ids('editor')).toEqual(expect.arrayContaining(everyone))
    expect(await ids('admin')).toEqual(expect.arrayContaining(everyone))
  })
})

describe('authors', () => {
  it('are listed on the posts they create, whoever else they name', async () => {
    const response = await server.api('/api/posts?depth=0', { method: 'POST', token: tokenOf('owner'), json: { title: 'Author draft', authors: [users.author.user.id] } })
    expect(response.status).toBe(201)
    const after = await stored('posts', response.body.doc.id)
    expect(after?.authors).toContain(users.owner.user.id)
  })
})

describe('uploads', () => {
  it('are stamped with their uploader, whatever the client sends, and the stamp is shown to the team only', async () => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await generateImage(['#102030', '#ffffff'], 1, 32, 32))], { type: 'image/png' }), 'mine.png')
    form.append('_payload', JSON.stringify({ alt: 'Mine', uploadedBy: users.author.user.id }))
    const created = await server.api('/api/media?depth=0', { method: 'POST', token: tokenOf('owner'), body: form })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = String(created.body.doc.id)
    expect((await stored('media', id))?.uploadedBy).toBe(users.owner.user.id)
    // Moving it to someone else later is not possible either.
    await server.api(`/api/media/${id}`, { method: 'PATCH', token: tokenOf('editor'), json: { uploadedBy: users.author.user.id } })
    expect((await stored('media', id))?.uploadedBy).toBe(users.owner.user.id)
    expect((await server.api(`/api/media/${id}?depth=0`)).body).not.toHaveProperty('uploadedBy')
    expect((await server.api(`/api/media/${id}?depth=0`, { token: tokenOf('author') })).body.uploadedBy).toBe(users.owner.user.id)
  })
})

describe('bulk changes', () => {
  const titleOf = async (id: string) => (await stored('posts', id))?.title
  const statusOf = async (id: string) => (await stored('posts', id))?._status

  it('refuses an author’s selection holding someone else’s post as a whole, naming it, and changes nothing', async () => {
    const own = String((await server.payload.create({ collection: 'posts', data: { title: `Mine ${newMarker()}`, authors: [users.author.user.id], _status: 'published' } })).id)
    const others = await ownersPost()
    const othersTitle = String(await titleOf(others))
    const where = `where[id][in]=${own},${others}`

    const unpublish = await server.api(`/api/posts?${where}`, { method: 'PATCH', token: tokenOf('author'), json: { _status: 'draft' } })
    expect(unpublish.status).toBe(403)
    expect(unpublish.body.docs).toEqual([])
    expect(unpublish.body.message).toBe(`You may not change 1 of the 2 selected posts: "${othersTitle}". Nothing was changed.`)
    expect(unpublish.body.errors).toMatchObject([{ message: unpublish.body.message, code: 'FORBIDDEN' }])
    expect([await statusOf(own), await statusOf(others)]).toEqual(['published', 'published'])

    const remove = await server.api(`/api/posts?${where}`, { method: 'DELETE', token: tokenOf('author') })
    expect(remove.status).toBe(403)
    expect(remove.body.message).toBe(`You may not delete 1 of the 2 selected posts: "${othersTitle}". Nothing was deleted.`)
    expect(await stored('posts', own)).toBeDefined()
    expect(await stored('posts', others)).toBeDefined()

    // Their own posts alone: done, and said truthfully.
    const ownOnly = await server.api(`/api/posts?where[id][in]=${own}`, { method: 'PATCH', token: tokenOf('author'), json: { _status: 'draft' } })
    expect(ownOnly.status).toBe(200)
    expect(ownOnly.body.docs).toHaveLength(1)
    expect(await statusOf(own)).toBe('draft')
    // An editor's selection is not limited.
    const editor = await server.api(`/api/posts?${where}`, { method: 'PATCH', token: tokenOf('editor'), json: { _status: 'draft' } })
    expect(editor.status).toBe(200)
    expect(editor.body.docs).toHaveLength(2)
  })
})
