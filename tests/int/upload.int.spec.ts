import fs from 'node:fs'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { generateImage } from '@/lib/generateImage'
import { minimalPdf } from '../helpers/minimalPdf'
import { uploadForm } from '../helpers/multipart'
import { runJobsUntilIdle } from '../helpers/jobs'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createEndpoint } from '../helpers/webhookEndpoints'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver'

let server: TestServer
let receiver: WebhookReceiver
let png: Buffer

const UPLOAD_MAX_BYTES = 2 * 1024 * 1024

beforeAll(async () => {
  process.env.UPLOAD_MAX_BYTES = String(UPLOAD_MAX_BYTES)
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1'
  server = await startTestServer('upload')
  receiver = await startWebhookReceiver()
  await createEndpoint(server, { url: receiver.url, events: ['created'], collections: ['media'] })
  png = await generateImage(['#123456', '#abcdef'], 7, 2400, 1400)
})

afterAll(async () => {
  delete process.env.UPLOAD_MAX_BYTES
  delete process.env.WEBHOOK_ALLOWED_HOSTS
  await server?.stop()
  await receiver?.close()
})

const countMedia = () => server.payload.count({ collection: 'media' })

/** Everything an upload leaves behind: documents, files on disk, audit entries and webhook events (an endpoint subscribes to media). */
async function traces() {
  await runJobsUntilIdle(server.payload)
  return {
    media: (await countMedia()).totalDocs,
    files: fs.readdirSync(server.environment.mediaDir).sort(),
    auditEntries: (await server.payload.count({ collection: 'audit-log' })).totalDocs,
    webhookEvents: (await server.payload.count({ collection: 'webhook-events' })).totalDocs,
    received: receiver.received.length,
  }
}

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
    const stored = await server.payload.findByID({ collection: 'media', id: doc.id })
    expect(stored).toMatchObject({ alt: 'Launch day', filename: doc.filename, mimeType: 'image/png', width: 2400, height: 1400 })
    expect(Object.keys(stored.sizes ?? {}).sort()).toEqual(['card', 'hero', 'thumbnail'])

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
      expect(stored.sizes?.[name as keyof typeof expected]).toMatchObject({ filename: size.filename, width, height })
    }
    // An upload is announced like any other change: the witness the refusals below rely on.
    await receiver.waitForSuccesses(1, (webhook) => webhook.json.type === 'media.created' && webhook.json.data.id === doc.id)
  })

  it('refuses a text file posing as an image with 400 and stores nothing', async () => {
    const before = await traces()
    const response = await server.api('/api/media', {
      method: 'POST',
      token: server.admin.token,
      body: uploadForm({ data: Buffer.from('just some text, not a picture'), name: 'fake.png', type: 'image/png' }, { alt: 'Fake' }),
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toMatch(/file type|invalid/i)
    expect(await traces()).toEqual(before)
  })

  it('refuses an SVG with 400 and stores nothing', async () => {
    const before = await traces()
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    const response = await server.api('/api/media', {
      method: 'POST',
      token: server.admin.token,
      body: uploadForm({ data: svg, name: 'logo.svg', type: 'image/svg+xml' }, { alt: 'Logo' }),
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toMatch(/file type|invalid/i)
    expect(await traces()).toEqual(before)
  })

  it('requires alt text', async () => {
    const before = await traces()
    const response = await server.api('/api/media', {
      method: 'POST',
      token: server.admin.token,
      body: uploadForm({ data: png, name: 'no-alt.png', type: 'image/png' }, {}),
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].data.errors[0].path).toBe('alt')
    expect(await traces()).toEqual(before)
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
    const stored = await server.payload.findByID({ collection: 'media', id: response.body.doc.id })
    expect(stored).toMatchObject({ alt: 'Brochure', mimeType: 'application/pdf', filesize: pdf.length })
    expect(fs.readFileSync(path.join(server.environment.mediaDir, stored.filename!))).toEqual(pdf)
  })

  it('refuses a file over UPLOAD_MAX_BYTES with 413 and stores nothing', async () => {
    const before = await traces()
    const big = Buffer.concat([png, Buffer.alloc(UPLOAD_MAX_BYTES)])
    const response = await server.api('/api/media', {
      method: 'POST',
      token: server.admin.token,
      body: uploadForm({ data: big, name: 'huge.png', type: 'image/png' }, { alt: 'Too big' }),
    })
    expect(response.status).toBe(413)
    expect(response.body.errors[0].message).toMatch(/size limit/i)
    expect(await traces()).toEqual(before)
  })

  it('refuses a replacement file that is not an image with 400 and keeps the stored one', async () => {
    const created = await server.api('/api/media', {
      method: 'POST',
      token: server.admin.token,
      body: uploadForm({ data: minimalPdf(), name: 'kept.pdf', type: 'application/pdf' }, { alt: 'Kept' }),
    })
    expect(created.status).toBe(201)
    const storedBefore = await server.payload.findByID({ collection: 'media', id: created.body.doc.id })
    const before = await traces()
    const response = await server.api(`/api/media/${created.body.doc.id}`, {
      method: 'PATCH',
      token: server.admin.token,
      body: uploadForm({ data: Buffer.from('just some text, not a picture'), name: 'fake.png', type: 'image/png' }, { alt: 'Replaced' }),
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toMatch(/file type|invalid/i)
    expect(await server.payload.findByID({ collection: 'media', id: created.body.doc.id })).toEqual(storedBefore)
    expect(await traces()).toEqual(before)
  })

  it('refuses alt text over its limit with 400 and stores nothing, not even the file', async () => {
    const before = await traces()
    const response = await server.api('/api/media', {
      method: 'POST',
      token: server.admin.token,
      body: uploadForm({ data: png, name: 'long-alt.png', type: 'image/png' }, { alt: 'x'.repeat(301) }),
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].data.errors[0].path).toBe('alt')
    expect(await traces()).toEqual(before)
  })

  it('refuses an anonymous upload with 403 and stores nothing', async () => {
    const before = await traces()
    const response = await server.api('/api/media', {
      method: 'POST',
      body: uploadForm({ data: png, name: 'anon.png', type: 'image/png' }, { alt: 'Anonymous' }),
    })
    expect(response.status).toBe(403)
    expect(response.body.errors[0].message).toMatch(/not allowed/i)
    expect(await traces()).toEqual(before)
  })
})
