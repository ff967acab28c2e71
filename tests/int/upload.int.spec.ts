import fs from 'node:fs'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { generateImage } from '@/lib/generateImage'
import { minimalPdf } from '../helpers/minimalPdf'
import { uploadForm } from '../helpers/multipart'
import { startTestServer, type TestServer } from '../helpers/startTestServer'

let server: TestServer
let png: Buffer

const UPLOAD_MAX_BYTES = 2 * 1024 * 1024

beforeAll(async () => {
  process.env.UPLOAD_MAX_BYTES = String(UPLOAD_MAX_BYTES)
  server = await startTestServer('upload')
  png = await generateImage(['#123456', '#abcdef'], 7, 2400, 1400)
})

afterAll(async () => {
  await server?.stop()
})

const countMedia = () => server.payload.count({ collection: 'media' })

describe('media uploads', () => {
  it('stores a PNG and every WebP size, on disk and in the response', async () => {
    const response = await server.api('/api/media', {
      method: 'POST',
      token: server.admin.token,
      body: uploadForm({ data: png, name: 'launch.png', type: 'image/png' }, { alt: 'Launch day' }),
    })
    expect(response.status).toBe(201)
    const doc = response.body.doc
    expect(doc).toMatchObject({ alt: 'Launch day', mimeType: 'image/png', width: 2400, height: 1400 })
    expect(fs.existsSync(path.join(server.environment.mediaDir, doc.filename))).toBe(true)

    const expected = { thumbnail: [320, 320], card: [768, 512], hero: [1920, 960] }
    for (const [name, [width, height]] of Object.entries(expected)) {
      const size = doc.sizes[name]
      expect(size).toMatchObject({ width, height, mimeType: 'image/webp' })
      const file = path.join(server.environment.mediaDir, size.filename)
      const metadata = await sharp(file).metadata()
      expect(metadata).toMatchObject({ format: 'webp', width, height })

      const served = await fetch(size.url.replace(/^https?:\/\/[^/]+/, server.url))
      expect(served.status).toBe(200)
      expect(served.headers.get('content-type')).toBe('image/webp')
    }
  })

  it('refuses a text file posing as an image with 400 and stores nothing', async () => {
    const before = await countMedia()
    const response = await server.api('/api/media', {
      method: 'POST',
      token: server.admin.token,
      body: uploadForm({ data: Buffer.from('just some text, not a picture'), name: 'fake.png', type: 'image/png' }, { alt: 'Fake' }),
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toMatch(/file type|invalid/i)
    expect((await countMedia()).totalDocs).toBe(before.totalDocs)
  })

  it('refuses an SVG with 400', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    const response = await server.api('/api/media', {
      method: 'POST',
      token: server.admin.token,
      body: uploadForm({ data: svg, name: 'logo.svg', type: 'image/svg+xml' }, { alt: 'Logo' }),
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toMatch(/file type|invalid/i)
  })

  it('requires alt text', async () => {
    const before = await countMedia()
    const response = await server.api('/api/media', {
      method: 'POST',
      token: server.admin.token,
      body: uploadForm({ data: png, name: 'no-alt.png', type: 'image/png' }, {}),
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].data.errors[0].path).toBe('alt')
    expect((await countMedia()).totalDocs).toBe(before.totalDocs)
  })

  it('accepts a PDF', async () => {
    const pdf = minimalPdf()
    const response = await server.api('/api/media', {
      method: 'POST',
      token: server.admin.token,
      body: uploadForm({ data: pdf, name: 'brochure.pdf', type: 'application/pdf' }, { alt: 'Brochure' }),
    })
    expect(response.status).toBe(201)
    expect(response.body.doc.mimeType).toBe('application/pdf')
  })

  it('refuses a file over UPLOAD_MAX_BYTES with 413 and stores nothing', async () => {
    const before = await countMedia()
    const big = Buffer.concat([png, Buffer.alloc(UPLOAD_MAX_BYTES)])
    const response = await server.api('/api/media', {
      method: 'POST',
      token: server.admin.token,
      body: uploadForm({ data: big, name: 'huge.png', type: 'image/png' }, { alt: 'Too big' }),
    })
    expect(response.status).toBe(413)
    expect(response.body.errors[0].message).toMatch(/size limit/i)
    expect((await countMedia()).totalDocs).toBe(before.totalDocs)
  })

  it('refuses an anonymous upload with 403', async () => {
    const response = await server.api('/api/media', {
      method: 'POST',
      body: uploadForm({ data: png, name: 'anon.png', type: 'image/png' }, { alt: 'Anonymous' }),
    })
    expect(response.status).toBe(403)
  })
})
