import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Post } from '../../payload-types'
import { generateImage } from '@/lib/generateImage'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser, type SignedInUser } from '../helpers/users'

let server: TestServer
let editor: SignedInUser
let author: SignedInUser
let otherAuthor: SignedInUser
let othersPost: Post
let ownPost: Post

const countPosts = (title: string) => server.payload.count({ collection: 'posts', where: { title: { equals: title } } })

beforeAll(async () => {
  server = await startTestServer('access')
  editor = await createSignedInUser(server.payload, server.api, 'editor')
  author = await createSignedInUser(server.payload, server.api, 'author')
  otherAuthor = await createSignedInUser(server.payload, server.api, 'author')
  ownPost = await server.payload.create({
    collection: 'posts',
    data: { title: 'Own post', authors: [author.user.id], _status: 'draft' },
  })
  othersPost = await server.payload.create({
    collection: 'posts',
    data: { title: 'Someone else’s post', authors: [otherAuthor.user.id], _status: 'published' },
  })
})

afterAll(async () => {
  await server?.stop()
})

describe('anonymous visitors', () => {
  it('read published posts', async () => {
    const response = await server.api(`/api/posts/${othersPost.id}`)
    expect(response.status).toBe(200)
    expect(response.body.title).toBe('Someone else’s post')
  })

  it('read categories, media and site settings', async () => {
    expect((await server.api('/api/categories')).status).toBe(200)
    expect((await server.api('/api/media')).status).toBe(200)
    const settings = await server.api('/api/globals/site-settings')
    expect(settings.status).toBe(200)
    expect(settings.body.siteName).toBe('Folio')
  })

  it('cannot list users', async () => {
    const response = await server.api('/api/users')
    expect(response.status).toBe(403)
    expect(response.body.errors[0].message).toMatch(/not allowed/i)
  })

  it('cannot create a post', async () => {
    const response = await server.api('/api/posts', { method: 'POST', json: { title: 'Anonymous post' } })
    expect(response.status).toBe(403)
    expect((await countPosts('Anonymous post')).totalDocs).toBe(0)
  })

  it('cannot update or delete a published post', async () => {
    const update = await server.api(`/api/posts/${othersPost.id}`, { method: 'PATCH', json: { title: 'Defaced' } })
    expect(update.status).toBe(403)
    const remove = await server.api(`/api/posts/${othersPost.id}`, { method: 'DELETE' })
    expect(remove.status).toBe(403)
    const stored = await server.payload.findByID({ collection: 'posts', id: othersPost.id })
    expect(stored.title).toBe('Someone else’s post')
  })
})

describe('authors', () => {
  it('create posts that list them as author', async () => {
    const response = await server.api('/api/posts', {
      method: 'POST',
      token: author.token,
      json: { title: 'Author draft', authors: [otherAuthor.user.id] },
    })
    expect(response.status).toBe(201)
    expect(response.body.doc.authors.map((a: { id: string } | string) => (typeof a === 'string' ? a : a.id))).toContain(
      author.user.id,
    )
  })

  it('edit their own post', async () => {
    const response = await server.api(`/api/posts/${ownPost.id}`, {
      method: 'PATCH',
      token: author.token,
      json: { title: 'Own post, revised' },
    })
    expect(response.status).toBe(200)
    const stored = await server.payload.findByID({ collection: 'posts', id: ownPost.id, draft: true })
    expect(stored.title).toBe('Own post, revised')
  })

  it('cannot edit someone else’s post', async () => {
    const response = await server.api(`/api/posts/${othersPost.id}`, {
      method: 'PATCH',
      token: author.token,
      json: { title: 'Hijacked' },
    })
    expect(response.status).toBe(403)
    const stored = await server.payload.findByID({ collection: 'posts', id: othersPost.id })
    expect(stored.title).toBe('Someone else’s post')
  })

  it('cannot delete someone else’s post', async () => {
    const response = await server.api(`/api/posts/${othersPost.id}`, { method: 'DELETE', token: author.token })
    expect(response.status).toBe(403)
    expect((await countPosts('Someone else’s post')).totalDocs).toBe(1)
  })

  it('cannot create pages or categories', async () => {
    const page = await server.api('/api/pages', { method: 'POST', token: author.token, json: { title: 'Author page' } })
    expect(page.status).toBe(403)
    const category = await server.api('/api/categories', {
      method: 'POST',
      token: author.token,
      json: { title: 'Author category' },
    })
    expect(category.status).toBe(403)
  })

  it('cannot change site settings', async () => {
    const response = await server.api('/api/globals/site-settings', {
      method: 'POST',
      token: author.token,
      json: { siteName: 'Taken over' },
    })
    expect(response.status).toBe(403)
    const settings = await server.payload.findGlobal({ slug: 'site-settings' })
    expect(settings.siteName).not.toBe('Taken over')
  })

  it('cannot see other users', async () => {
    const one = await server.api(`/api/users/${otherAuthor.user.id}`, { token: author.token })
    expect(one.status).toBe(404)
    const list = await server.api('/api/users?limit=100', { token: author.token })
    expect(list.status).toBe(200)
    expect(list.body.docs.map((user: { id: string }) => user.id)).toEqual([author.user.id])
  })

  it('upload media but cannot replace someone else’s', async () => {
    const image = await server.payload.create({
      collection: 'media',
      data: { alt: 'Team photo' },
      file: { data: await generateImage(['#000000', '#ffffff'], 1, 64, 64), mimetype: 'image/png', name: 'team.png', size: 1 },
    })
    const response = await server.api(`/api/media/${image.id}`, {
      method: 'PATCH',
      token: author.token,
      json: { alt: 'Vandalised' },
    })
    expect(response.status).toBe(403)
    const stored = await server.payload.findByID({ collection: 'media', id: image.id })
    expect(stored.alt).toBe('Team photo')
  })

  it('cannot promote themselves to admin', async () => {
    const response = await server.api(`/api/users/${author.user.id}`, {
      method: 'PATCH',
      token: author.token,
      json: { role: 'admin' },
    })
    expect(response.status).toBe(200)
    const stored = await server.payload.findByID({ collection: 'users', id: author.user.id })
    expect(stored.role).toBe('author')
  })
})

describe('editors', () => {
  it('edit any post', async () => {
    const response = await server.api(`/api/posts/${othersPost.id}`, {
      method: 'PATCH',
      token: editor.token,
      json: { excerpt: 'Edited by the editor' },
    })
    expect(response.status).toBe(200)
    const stored = await server.payload.findByID({ collection: 'posts', id: othersPost.id })
    expect(stored.excerpt).toBe('Edited by the editor')
  })

  it('create and edit pages and categories', async () => {
    const page = await server.api('/api/pages', {
      method: 'POST',
      token: editor.token,
      json: { title: 'About us', _status: 'published' },
    })
    expect(page.status).toBe(201)
    const category = await server.api('/api/categories', {
      method: 'POST',
      token: editor.token,
      json: { title: 'Editor category' },
    })
    expect(category.status).toBe(201)
  })

  it('cannot manage users', async () => {
    const create = await server.api('/api/users', {
      method: 'POST',
      token: editor.token,
      json: { email: 'new@folio.test', password: 'a-long-password', name: 'New', role: 'author' },
    })
    expect(create.status).toBe(403)
    const remove = await server.api(`/api/users/${author.user.id}`, { method: 'DELETE', token: editor.token })
    expect(remove.status).toBe(403)
    const update = await server.api(`/api/users/${author.user.id}`, {
      method: 'PATCH',
      token: editor.token,
      json: { name: 'Renamed by editor' },
    })
    expect(update.status).toBe(403)
    const stored = await server.payload.findByID({ collection: 'users', id: author.user.id })
    expect(stored.name).toBe(author.user.name)
  })

  it('cannot change site settings', async () => {
    const response = await server.api('/api/globals/site-settings', {
      method: 'POST',
      token: editor.token,
      json: { siteName: 'Editor site' },
    })
    expect(response.status).toBe(403)
    const settings = await server.payload.findGlobal({ slug: 'site-settings' })
    expect(settings.siteName).not.toBe('Editor site')
  })

  it('see the whole team, to assign authors', async () => {
    const response = await server.api('/api/users?limit=100', { token: editor.token })
    expect(response.status).toBe(200)
    const ids = response.body.docs.map((user: { id: string }) => user.id)
    expect(ids).toEqual(expect.arrayContaining([author.user.id, otherAuthor.user.id, server.admin.user.id]))
  })
})

describe('admins', () => {
  it('manage users', async () => {
    const response = await server.api('/api/users', {
      method: 'POST',
      token: server.admin.token,
      json: { email: 'hired@folio.test', password: 'a-long-password', name: 'Hired', role: 'editor' },
    })
    expect(response.status).toBe(201)
    expect(response.body.doc.role).toBe('editor')
  })

  it('change site settings', async () => {
    const response = await server.api('/api/globals/site-settings', {
      method: 'POST',
      token: server.admin.token,
      json: { siteName: 'Acme Inc.', navigation: [{ link: { label: 'Home', type: 'url', url: '/' } }] },
    })
    expect(response.status).toBe(200)
    const settings = await server.payload.findGlobal({ slug: 'site-settings' })
    expect(settings.siteName).toBe('Acme Inc.')
    expect(settings.navigation?.[0].link.label).toBe('Home')
  })
})
