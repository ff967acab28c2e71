import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser, type SignedInUser } from '../helpers/users'

let server: TestServer
let editor: SignedInUser
let admin: SignedInUser
let target: { id: string }

beforeAll(async () => {
  server = await startTestServer('links')
  editor = await createSignedInUser(server.payload, server.api, 'editor')
  admin = await createSignedInUser(server.payload, server.api, 'admin')
  target = await server.payload.create({ collection: 'pages', data: { title: 'Target', slug: 'target', _status: 'published' } })
})

afterAll(async () => {
  await server?.stop()
})

type Hero = Record<string, unknown>
const heroPage = (title: string, cta: Hero | undefined, status: 'published' | 'draft' = 'published') =>
  // Drafts are saved as the admin saves them: `?draft=true`.
  server.api(status === 'draft' ? '/api/pages?draft=true' : '/api/pages', {
    method: 'POST',
    token: editor.token,
    json: { title, _status: status, layout: [{ blockType: 'hero', heading: 'Hello', ...(cta ? { cta } : {}) }] },
  })
const pagesTitled = async (title: string) => (await server.payload.count({ collection: 'pages', where: { title: { equals: title } } })).totalDocs
const fieldsOf = (body: { errors: { data?: { errors?: { path: string }[] } }[] }) => (body.errors[0].data?.errors ?? []).map((error) => error.path)

describe("a hero's call to action", () => {
  it('may be left out, and the page publishes', async () => {
    const response = await heroPage('No call to action', undefined)
    expect(response.status).toBe(201)
    expect(response.body.doc._status).toBe('published')
  })

  it('publishes complete: a label with a URL, or with a page', async () => {
    expect((await heroPage('With a URL', { label: 'Contact us', type: 'url', url: '/contact' })).status).toBe(201)
    const toPage = await heroPage('With a page', { label: 'See the target', type: 'page', page: target.id })
    expect(toPage.status).toBe(201)
    expect(toPage.body.doc.layout[0].cta.page.id ?? toPage.body.doc.layout[0].cta.page).toBe(target.id)
  })

  it('refuses a label without its target and a target without its label, storing nothing', async () => {
    const noUrl = await heroPage('Label only', { label: 'Go somewhere', type: 'url' })
    expect(noUrl.status).toBe(400)
    expect(fieldsOf(noUrl.body)).toEqual(['layout.0.cta.url'])
    const noPage = await heroPage('Page link without page', { label: 'Go', type: 'page' })
    expect(noPage.status).toBe(400)
    expect(fieldsOf(noPage.body)).toEqual(['layout.0.cta.page'])
    const noLabel = await heroPage('URL only', { type: 'url', url: '/contact' })
    expect(noLabel.status).toBe(400)
    expect(fieldsOf(noLabel.body)).toEqual(['layout.0.cta.label'])
    for (const title of ['Label only', 'Page link without page', 'URL only']) expect(await pagesTitled(title)).toBe(0)
  })

  it('refuses a URL that is not a path, an anchor, or an http(s), mailto: or tel: address', async () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,hi', '//evil.example/x', 'vbscript:x']) {
      const response = await heroPage(`Unsafe ${url}`, { label: 'Click', type: 'url', url })
      expect(response.status, url).toBe(400)
      expect(fieldsOf(response.body), url).toEqual(['layout.0.cta.url'])
    }
    for (const url of ['/about', '#top', 'https://example.com/a?b=c', 'mailto:team@example.com', 'tel:+4930123']) {
      expect((await heroPage(`Safe ${url}`, { label: 'Click', type: 'url', url })).status, url).toBe(201)
    }
  })

  it('may be unfinished in a draft, which is checked when it is published', async () => {
    const draft = await heroPage('Unfinished draft', { label: 'Later' }, 'draft')
    expect(draft.status).toBe(201)
    const publish = await server.api(`/api/pages/${draft.body.doc.id}`, { method: 'PATCH', token: editor.token, json: { _status: 'published' } })
    expect(publish.status).toBe(400)
    expect(fieldsOf(publish.body)).toEqual(['layout.0.cta.url'])
    expect((await server.payload.findByID({ collection: 'pages', id: draft.body.doc.id, depth: 0 }))._status).toBe('draft')
  })
})

describe('links that are required', () => {
  it('need a label and a target in the navigation and in call-to-action blocks', async () => {
    const before = await server.payload.findGlobal({ slug: 'site-settings', depth: 0 })
    const navigation = await server.api('/api/globals/site-settings', { method: 'POST', token: admin.token, json: { siteName: 'Links', navigation: [{ link: { label: 'Blog', type: 'url' } }] } })
    expect(navigation.status).toBe(400)
    expect(fieldsOf(navigation.body)).toEqual(['navigation.0.link.url'])
    expect(await server.payload.findGlobal({ slug: 'site-settings', depth: 0 })).toEqual(before)

    const block = await server.api('/api/pages', {
      method: 'POST',
      token: editor.token,
      json: { title: 'CTA block', _status: 'published', layout: [{ blockType: 'callToAction', heading: 'Act', links: [{ link: { type: 'url', url: '/x' } }] }] },
    })
    expect(block.status).toBe(400)
    expect(fieldsOf(block.body)).toEqual(['layout.0.links.0.link.label'])
    const complete = await server.api('/api/globals/site-settings', { method: 'POST', token: admin.token, json: { siteName: 'Links', navigation: [{ link: { label: 'Blog', type: 'url', url: '/posts' } }] } })
    expect(complete.status).toBe(200)
  })
})
