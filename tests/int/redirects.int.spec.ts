import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createDocument } from '../helpers/documents'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser } from '../helpers/users'

let server: TestServer

const create = (collection: string, data: Record<string, unknown>) => createDocument(server, collection, data)

const lookup = (path: string) => server.api(`/api/redirects/lookup?path=${encodeURIComponent(path)}`)

/** What a refused write must leave as it was: every redirect as stored, and the audit log. */
async function traces() {
  const { docs } = await server.payload.find({ collection: 'redirects', depth: 0, limit: 0, pagination: false, sort: 'createdAt' })
  return { redirects: docs, auditEntries: (await server.payload.count({ collection: 'audit-log' })).totalDocs }
}

beforeAll(async () => {
  server = await startTestServer('redirects')
})

afterAll(async () => {
  await server?.stop()
})

describe('redirects', () => {
  it('resolves a permanent redirect to a post and a temporary one to a URL, for anonymous callers', async () => {
    const post = await create('posts', { title: 'Moved post', slug: 'moved-post', _status: 'published' })
    await create('redirects', { from: '/blog/old-post', to: { type: 'reference', reference: { relationTo: 'posts', value: post.id } }, type: '301' })
    await create('redirects', { from: '/sale', to: { type: 'custom', url: 'https://shop.example.com/winter' }, type: '302' })

    const permanent = await lookup('/blog/old-post')
    expect(permanent.status).toBe(200)
    expect(permanent.body).toEqual({ from: '/blog/old-post', to: '/posts/moved-post', status: 301 })

    const temporary = await lookup('/sale')
    expect(temporary.body).toEqual({ from: '/sale', to: 'https://shop.example.com/winter', status: 302 })
  })

  it('answers with the redirect itself for a reverse proxy', async () => {
    await create('redirects', { from: '/clearance', to: { type: 'custom', url: 'https://shop.example.com/clearance' }, type: '302' })
    const followed = await fetch(`${server.url}/api/redirects/follow?path=/clearance`, { redirect: 'manual' })
    expect(followed.status).toBe(302)
    expect(followed.headers.get('location')).toBe('https://shop.example.com/clearance')
    const missing = await fetch(`${server.url}/api/redirects/follow?path=/nothing-here`, { redirect: 'manual' })
    expect(missing.status).toBe(404)
  })

  it('matches the stored form of a path: trailing slash, full URL, query string', async () => {
    await create('redirects', { from: 'https://www.example.com/old-about/', to: { type: 'custom', url: '/about' } })
    expect((await lookup('/old-about')).body).toMatchObject({ from: '/old-about', to: '/about', status: 301 })
    expect((await lookup('/old-about/')).body.to).toBe('/about')
    expect((await lookup('/old-about?utm_source=mail')).body.to).toBe('/about')
  })

  it('follows a chain to its end in one hop, and stops at a loop', async () => {
    await create('redirects', { from: '/a', to: { type: 'custom', url: '/b' }, type: '302' })
    await create('redirects', { from: '/b', to: { type: 'custom', url: '/c' } })
    expect((await lookup('/a')).body).toEqual({ from: '/a', to: '/c', status: 302 })

    await create('redirects', { from: '/ping', to: { type: 'custom', url: '/pong' } })
    await create('redirects', { from: '/pong', to: { type: 'custom', url: '/ping' } })
    expect((await lookup('/ping')).body.to).toBe('/pong')
  })

  it('does not send visitors to a draft', async () => {
    const draft = await create('pages', { title: 'Not yet', slug: 'not-yet' })
    await create('redirects', { from: '/soon', to: { type: 'reference', reference: { relationTo: 'pages', value: draft.id } } })
    const response = await lookup('/soon')
    expect(response.status).toBe(404)

    const published = await server.api(`/api/pages/${draft.id}`, { method: 'PATCH', token: server.admin.token, json: { _status: 'published' } })
    expect(published.status).toBe(200)
    expect((await lookup('/soon')).body).toEqual({ from: '/soon', to: '/not-yet', status: 301 })
  })

  it('answers 404 for an unknown path and 400 without one', async () => {
    // The same lookup finds a path that has a redirect: the 404 below is about the path.
    await create('redirects', { from: '/once-existed', to: { type: 'custom', url: '/now-here' } })
    expect((await lookup('/once-existed')).body).toEqual({ from: '/once-existed', to: '/now-here', status: 301 })
    const unknown = await lookup('/never-existed')
    expect(unknown.status).toBe(404)
    expect(unknown.body.errors[0].message).toBe('No redirect for /never-existed')
    const missing = await server.api('/api/redirects/lookup')
    expect(missing.status).toBe(400)
    expect(missing.body.errors[0].message).toMatch(/^path:/)
  })

  it('refuses a bad from, a javascript: destination, a redirect to itself and a second redirect from a path', async () => {
    await create('redirects', { from: '/spring-sale', to: { type: 'custom', url: 'https://shop.example.com/spring' }, type: '302' })
    const before = await traces()
    const cases = [
      { from: 'no-slash', to: { type: 'custom', url: '/x' } },
      { from: '/x', to: { type: 'custom', url: 'javascript:alert(1)' } },
      { from: '/same', to: { type: 'custom', url: '/same/' } },
    ]
    for (const data of cases) {
      const response = await server.api('/api/redirects', { method: 'POST', token: server.admin.token, json: data })
      expect(response.status, JSON.stringify(data)).toBe(400)
      expect(response.body.errors[0].message).toMatch(/^(from|to\.url):/)
    }
    const duplicate = await server.api('/api/redirects', { method: 'POST', token: server.admin.token, json: { from: '/spring-sale/', to: { type: 'custom', url: '/x' } } })
    expect(duplicate.status).toBe(400)
    expect(JSON.stringify(duplicate.body.errors)).toContain('from')
    expect(await traces()).toEqual(before)
    expect((await lookup('/spring-sale')).body.to).toBe('https://shop.example.com/spring')
  })

  it('lets editors manage redirects and nobody else', async () => {
    const editor = await createSignedInUser(server.payload, server.api, 'editor')
    const author = await createSignedInUser(server.payload, server.api, 'author')
    const byEditor = await server.api('/api/redirects', { method: 'POST', token: editor.token, json: { from: '/by-editor', to: { type: 'custom', url: '/x' } } })
    expect(byEditor.status).toBe(201)
    expect(await server.payload.findByID({ collection: 'redirects', id: byEditor.body.doc.id })).toMatchObject({ from: '/by-editor', to: { type: 'custom', url: '/x' } })

    const before = await traces()
    const byAuthor = await server.api('/api/redirects', { method: 'POST', token: author.token, json: { from: '/by-author', to: { type: 'custom', url: '/x' } } })
    expect(byAuthor.status).toBe(403)
    const renamedByAuthor = await server.api(`/api/redirects/${byEditor.body.doc.id}`, { method: 'PATCH', token: author.token, json: { from: '/by-author' } })
    expect(renamedByAuthor.status).toBe(403)
    const anonymous = await server.api(`/api/redirects/${byEditor.body.doc.id}`, { method: 'DELETE' })
    expect(anonymous.status).toBe(403)
    expect(await traces()).toEqual(before)
    expect((await lookup('/by-editor')).body.to).toBe('/x')
  })
})
