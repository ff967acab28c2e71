import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { startTestServer, type TestServer } from '../helpers/startTestServer'

let server: TestServer
let imageID: string

async function png(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 20, channels: 3, background: '#1d4ed8' } }).png().toBuffer()
}

/** What is stored, read through the Local API: the answer to a write is not proof of it. */
const storedMeta = async (collection: 'posts' | 'pages', id: string) => (await server.payload.findByID({ collection, id, depth: 0 })).meta

async function post(data: Record<string, unknown>) {
  const response = await server.api('/api/posts?depth=0', { method: 'POST', token: server.admin.token, json: { _status: 'published', ...data } })
  expect(response.status).toBe(201)
  return response.body.doc
}

beforeAll(async () => {
  process.env.FRONTEND_URL = 'https://www.folio.test'
  server = await startTestServer('seo')
  await server.payload.updateGlobal({ slug: 'site-settings', data: { siteName: 'Acme' } })
  const buffer = await png()
  const media = await server.payload.create({ collection: 'media', data: { alt: 'Blue' }, file: { data: buffer, mimetype: 'image/png', name: 'blue.png', size: buffer.length } })
  imageID = String(media.id)
})

afterAll(async () => {
  await server?.stop()
})

describe('SEO defaults', () => {
  it('fills title, description and image of a post an editor left empty', async () => {
    const doc = await post({ title: 'Shipping Folio 1.0', excerpt: 'What is new in the first release.', heroImage: imageID })
    expect(doc.meta).toMatchObject({ title: 'Shipping Folio 1.0 | Acme', description: 'What is new in the first release.', image: imageID })

    const read = await server.api(`/api/posts/${doc.id}?depth=1`)
    expect(read.status).toBe(200)
    expect(read.body.meta.title).toBe('Shipping Folio 1.0 | Acme')
    expect(read.body.meta.image.id).toBe(imageID)
    expect(await storedMeta('posts', doc.id)).toMatchObject({ title: 'Shipping Folio 1.0 | Acme', description: 'What is new in the first release.', image: imageID })
  })

  it('takes the description from the text when there is no excerpt, cut at a word to 150 characters', async () => {
    const sentence = 'Folio keeps every editor’s work safe and every frontend fast. '
    const doc = await post({ title: 'Long read', content: lexicalFromLines([sentence.repeat(6)]) })
    expect(doc.meta.description.length).toBeLessThanOrEqual(150)
    expect(doc.meta.description.endsWith('…')).toBe(true)
    expect(sentence.repeat(6).startsWith(doc.meta.description.slice(0, -1))).toBe(true)
    expect((await storedMeta('posts', doc.id))?.description).toBe(doc.meta.description)
  })

  it('keeps what an editor typed, and regenerates only what was generated', async () => {
    const doc = await post({ title: 'First title', excerpt: 'First excerpt.', meta: { description: 'Hand-written description.' } })
    expect(doc.meta).toMatchObject({ title: 'First title | Acme', description: 'Hand-written description.' })

    const updated = await server.api(`/api/posts/${doc.id}?depth=0`, { method: 'PATCH', token: server.admin.token, json: { title: 'Second title', excerpt: 'Second excerpt.' } })
    expect(updated.status).toBe(200)
    expect(updated.body.doc.meta).toMatchObject({ title: 'Second title | Acme', description: 'Hand-written description.' })
    expect(await storedMeta('posts', doc.id)).toMatchObject({ title: 'Second title | Acme', description: 'Hand-written description.' })

    const typed = await server.api(`/api/posts/${doc.id}?depth=0`, { method: 'PATCH', token: server.admin.token, json: { meta: { title: 'A title for search engines' } } })
    const renamed = await server.api(`/api/posts/${doc.id}?depth=0`, { method: 'PATCH', token: server.admin.token, json: { title: 'Third title' } })
    expect(typed.status).toBe(200)
    expect(renamed.status).toBe(200)
    expect(typed.body.doc.meta.title).toBe('A title for search engines')
    expect(renamed.body.doc.meta.title).toBe('A title for search engines')
    expect(await storedMeta('posts', doc.id)).toMatchObject({ title: 'A title for search engines', description: 'Hand-written description.' })
    expect((await server.payload.findByID({ collection: 'posts', id: doc.id })).title).toBe('Third title')
  })

  it('gives pages a description from their hero and an image from their blocks', async () => {
    const response = await server.api('/api/pages?depth=0', {
      method: 'POST',
      token: server.admin.token,
      json: {
        title: 'Services',
        _status: 'published',
        layout: [
          { blockType: 'hero', heading: 'What we do', subheading: 'Websites that editors enjoy.', cta: { label: 'Contact us', url: '/contact' } },
          { blockType: 'media', media: imageID },
        ],
      },
    })
    expect(response.body.errors).toBeUndefined()
    expect(response.status).toBe(201)
    expect(response.body.doc.meta).toMatchObject({ title: 'Services | Acme', description: 'Websites that editors enjoy.', image: imageID })
    expect(await storedMeta('pages', response.body.doc.id)).toMatchObject({ title: 'Services | Acme', description: 'Websites that editors enjoy.', image: imageID })
  })

  it('offers the admin’s Generate buttons the same defaults', async () => {
    const response = await server.api('/api/plugin-seo/generate-title', {
      method: 'POST',
      token: server.admin.token,
      json: { collectionSlug: 'posts', doc: { title: 'From the form' } },
    })
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body as string)).toEqual({ result: 'From the form | Acme' })
  })
})
