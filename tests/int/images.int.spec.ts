import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { signTransform, type ImageTransform } from '@/images/imageParameters'
import { imageVersion, type MediaCustom } from '@/images/mediaImages'
import { generateImage } from '@/lib/generateImage'
import { minimalPdf } from '../helpers/minimalPdf'
import { uploadForm } from '../helpers/multipart'
import { rawGet } from '../helpers/rawGet'
import { startTestServer, type TestServer } from '../helpers/startTestServer'

const SIGNING_KEY = randomBytes(32).toString('hex')
const AVIF_FIRST = 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8'

let server: TestServer
/** 2400×1400, from a real upload. */
let photo: { id: string; contentHash: string; width: number; version: string }
/** 1000×500: the left half red, the right half blue. */
let halves: { id: string }

async function upload(data: Buffer, name: string, type: string, fields: Record<string, unknown> = {}) {
  const response = await server.api('/api/media', { method: 'POST', token: server.admin.token, body: uploadForm({ data, name, type }, { alt: name, ...fields }) })
  expect(response.status).toBe(201)
  return response.body.doc
}

const imagePath = (id: string, query: string) => `/api/media/${id}/image?${query}`
const get = (id: string, query: string, headers: [string, string][] = []) => rawGet(server.url, imagePath(id, query), headers)

/** The colour at (x, y) of an encoded image, as [r, g, b]. */
async function pixel(bytes: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const offset = (y * info.width + x) * info.channels
  return [data[offset], data[offset + 1], data[offset + 2]]
}

/** Every variant file kept for one source (by the first 16 characters of its content hash). */
const variantsOf = (contentHash: string) => {
  const dir = path.join(server.environment.imageCacheDir, contentHash.slice(0, 16))
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => !name.includes('.tmp-')) : []
}

/** A PNG whose header claims `side`×`side` pixels, with no image data behind it: a decompression bomb's shape. */
function claimedHugePng(side: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(zlib.crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(side, 0)
  header.writeUInt32BE(side, 4)
  header.writeUInt8(8, 8) // bit depth
  header.writeUInt8(2, 9) // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))])
}

beforeAll(async () => {
  process.env.IMAGE_SIGNING_KEY = SIGNING_KEY
  // One render at a time and none waiting: a second distinct render at the same moment is refused.
  process.env.IMAGE_CONCURRENCY = '1'
  process.env.IMAGE_QUEUE_MAX = '0'
  server = await startTestServer('images')
  const photoDoc = await upload(await generateImage(['#1d4ed8', '#9333ea'], 3, 2400, 1400), 'photo.png', 'image/png')
  photo = { id: photoDoc.id, contentHash: photoDoc.contentHash, width: photoDoc.width, version: imageVersion(photoDoc.contentHash, { x: photoDoc.focalX, y: photoDoc.focalY }) }
  const halvesPng = await sharp({ create: { width: 1000, height: 500, channels: 3, background: '#ff0000' } })
    .composite([{ input: { create: { width: 500, height: 500, channels: 3, background: '#0000ff' } }, left: 500, top: 0 }])
    .png()
    .toBuffer()
  halves = { id: (await upload(halvesPng, 'halves.png', 'image/png')).id }
})

afterAll(async () => {
  for (const name of ['IMAGE_SIGNING_KEY', 'IMAGE_CONCURRENCY', 'IMAGE_QUEUE_MAX']) delete process.env[name]
  await server?.stop()
})

describe('image documents', () => {
  it('carry the content hash, a placeholder under 1 KB, the dominant colour and srcset ladders per format', async () => {
    const png = await generateImage(['#0f766e', '#84cc16'], 5, 1000, 600)
    const doc = await upload(png, 'ladder.png', 'image/png')
    expect(doc.contentHash).toBe(createHash('sha256').update(png).digest('hex'))
    expect(doc.dominantColor).toMatch(/^#[0-9a-f]{6}$/)
    expect(doc.placeholder).toMatch(/^data:image\/webp;base64,/)
    expect(doc.placeholder.length).toBeLessThan(1024)
    const preview = await sharp(Buffer.from(doc.placeholder.split(',')[1], 'base64')).metadata()
    expect(Math.max(preview.width ?? 0, preview.height ?? 0)).toBe(16)

    const version = imageVersion(doc.contentHash, { x: doc.focalX, y: doc.focalY })
    const widths = [320, 480, 640, 768, 960]
    for (const [field, format] of [['avif', 'avif'], ['webp', 'webp'], ['original', 'png']]) {
      expect(doc.srcset[field]).toBe(widths.map((w) => `${server.payload.config.serverURL}/api/media/${doc.id}/image?w=${w}&format=${format}&v=${version} ${w}w`).join(', '))
    }
    expect(doc.presets).toEqual({
      thumbnail: `${server.payload.config.serverURL}/api/media/${doc.id}/image?preset=thumbnail&v=${version}`,
      card: `${server.payload.config.serverURL}/api/media/${doc.id}/image?preset=card&v=${version}`,
      hero: `${server.payload.config.serverURL}/api/media/${doc.id}/image?preset=hero&v=${version}`,
      social: `${server.payload.config.serverURL}/api/media/${doc.id}/image?preset=social&v=${version}`,
    })
    // The fixed sizes keep working beside them.
    expect(doc.sizes.card).toMatchObject({ width: 768, height: 512, mimeType: 'image/webp' })

    // Every srcset URL answers with an image of its width.
    const [firstUrl] = doc.srcset.webp.split(' ')
    const answer = await rawGet(server.url, firstUrl.replace(server.payload.config.serverURL, ''))
    expect(answer.status).toBe(200)
    expect(await sharp(answer.bytes).metadata()).toMatchObject({ format: 'webp', width: 320 })
  })

  it('keep the same fields when read in a post, and a PDF gets a hash but no placeholder or srcset', async () => {
    const post = await server.payload.create({ collection: 'posts', data: { title: `Images ${randomBytes(3).toString('hex')}`, heroImage: photo.id, _status: 'published' } })
    const read = await server.api(`/api/posts/${post.id}?depth=1`)
    expect(read.body.heroImage).toMatchObject({ id: photo.id, contentHash: photo.contentHash, dominantColor: expect.stringMatching(/^#/), placeholder: expect.stringMatching(/^data:/) })
    expect(read.body.heroImage.srcset.avif).toContain('w=1920&format=avif')

    const pdf = await upload(minimalPdf(), 'terms.pdf', 'application/pdf')
    expect(pdf.contentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(pdf.placeholder ?? null).toBeNull()
    expect(pdf.srcset ?? null).toBeNull()
    expect(pdf.presets ?? null).toBeNull()
  })

  it('stored before uploads recorded them, get their hash, placeholder and colour from their files', async () => {
    const png = await generateImage(['#0e7490', '#84cc16'], 12, 800, 500)
    const older = await upload(png, 'older.png', 'image/png')
    const pdf = await upload(minimalPdf(), 'older.pdf', 'application/pdf')
    const gone = await upload(await generateImage(['#be185d', '#f97316'], 13, 400, 300), 'gone.png', 'image/png')
    for (const id of [older.id, pdf.id, gone.id]) {
      await server.payload.db.updateOne({ collection: 'media', id, data: { contentHash: null, placeholder: null, dominantColor: null } })
    }
    fs.rmSync(path.join(server.environment.mediaDir, gone.filename))
    const before = await server.payload.findByID({ collection: 'media', id: older.id })
    expect([before.contentHash, before.srcset]).toEqual([null, null])

    const { backfillImageFields } = server.payload.collections.media.config.custom as MediaCustom
    expect(await backfillImageFields?.(server.payload)).toEqual({ recorded: 2, missing: 1 })
    const after = await server.payload.findByID({ collection: 'media', id: older.id })
    expect(after).toMatchObject({ contentHash: older.contentHash, placeholder: older.placeholder, dominantColor: older.dominantColor })
    expect(after.srcset?.webp).toContain('w=640&format=webp')
    expect((await server.payload.findByID({ collection: 'media', id: pdf.id })).contentHash).toBe(pdf.contentHash)
    // Done once: a second pass finds only the image whose file is gone.
    expect(await backfillImageFields?.(server.payload)).toEqual({ recorded: 0, missing: 1 })
  })

  it('cannot have their hash, placeholder or colour set by a client', async () => {
    const forged = await server.api(`/api/media/${photo.id}`, { method: 'PATCH', token: server.admin.token, json: { contentHash: 'f'.repeat(64), dominantColor: '#000000', placeholder: 'data:,x' } })
    expect(forged.status).toBe(200)
    const stored = await server.payload.findByID({ collection: 'media', id: photo.id })
    expect(stored.contentHash).toBe(photo.contentHash)
    expect(stored.dominantColor).not.toBe('#000000')
    expect(stored.placeholder).not.toBe('data:,x')
  })
})

describe('transforms on request', () => {
  it('negotiate AVIF, then WebP, then the original format by Accept, and say they vary by it', async () => {
    const cases: [string | undefined, string, string][] = [
      [AVIF_FIRST, 'image/avif', 'heif'],
      ['image/webp,*/*', 'image/webp', 'webp'],
      ['*/*', 'image/png', 'png'],
      [undefined, 'image/png', 'png'],
      ['image/avif;q=0,image/webp', 'image/webp', 'webp'],
    ]
    for (const [accept, contentType, sharpFormat] of cases) {
      const answer = await get(photo.id, 'w=640', accept ? [['Accept', accept]] : [])
      expect(answer.status, accept).toBe(200)
      expect(answer.headers['content-type']).toBe(contentType)
      expect(answer.headers.vary).toMatch(/Accept/)
      expect(await sharp(answer.bytes).metadata()).toMatchObject({ format: sharpFormat, width: 640, height: Math.round((640 * 1400) / 2400) })
    }
    const fixed = await get(photo.id, 'w=640&format=jpeg', [['Accept', AVIF_FIRST]])
    expect(fixed.headers['content-type']).toBe('image/jpeg')
    expect(fixed.headers.vary ?? '').not.toMatch(/Accept/)
  })

  it('are cached for a year only when the URL carries the image\'s current version, with ETag, 304 and HEAD', async () => {
    const plain = await get(photo.id, 'w=480&format=webp')
    expect(plain.headers['cache-control']).toBe('public, max-age=0, must-revalidate')
    const versioned = await get(photo.id, `w=480&format=webp&v=${photo.version}`)
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(versioned.bytes.equals(plain.bytes)).toBe(true)
    const stale = await get(photo.id, `w=480&format=webp&v=${'0'.repeat(16)}`)
    expect(stale.status).toBe(200)
    expect(stale.headers['cache-control']).toBe('public, max-age=0, must-revalidate')

    const etag = String(plain.headers.etag)
    expect(etag).toMatch(/^"[^"]+"$/)
    const revalidated = await get(photo.id, 'w=480&format=webp', [['If-None-Match', etag]])
    expect(revalidated.status).toBe(304)
    expect(revalidated.bytes.byteLength).toBe(0)
    // Another format of the same width is another representation.
    expect((await get(photo.id, 'w=480&format=png', [['If-None-Match', etag]])).status).toBe(200)

    const head = await rawGet(server.url, imagePath(photo.id, 'w=480&format=webp'), [], 'HEAD')
    expect(head.status).toBe(200)
    expect(head.bytes.byteLength).toBe(0)
    expect(head.headers['content-length']).toBe(String(plain.bytes.byteLength))
    expect(head.headers.etag).toBe(etag)
  })

  it('serve presets and ladder widths to anyone, and anything else only when signed', async () => {
    expect((await get(photo.id, 'preset=card&format=webp')).status).toBe(200)
    const unsigned = await get(photo.id, 'w=500')
    expect(unsigned.status).toBe(403)
    expect(JSON.parse(unsigned.body).errors[0]).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('signature') })
    for (const query of ['w=640&q=90', 'w=640&h=100', 'w=640&fit=contain']) expect((await get(photo.id, query)).status, query).toBe(403)

    const custom: ImageTransform = { width: 500, height: 300, fit: 'cover', quality: 60, format: 'webp' }
    const sig = signTransform(SIGNING_KEY, photo.id, custom)
    const signed = await get(photo.id, `w=500&h=300&fit=cover&q=60&format=webp&sig=${sig}`)
    expect(signed.status).toBe(200)
    expect(await sharp(signed.bytes).metadata()).toMatchObject({ format: 'webp', width: 500, height: 300 })
    // The same transform spelt in another order is the same signature.
    expect((await get(photo.id, `format=webp&q=60&fit=cover&h=300&w=500&sig=${sig}`)).status).toBe(200)
    // A signature is for one document and one transform.
    expect((await get(halves.id, `w=500&h=300&fit=cover&q=60&format=webp&sig=${sig}`)).status).toBe(403)
    expect((await get(photo.id, `w=501&h=300&fit=cover&q=60&format=webp&sig=${sig}`)).status).toBe(403)
  })

  it('refuse unknown, repeated and out-of-range parameters with a 400 naming them', async () => {
    const cases: [string, string][] = [
      ['w=0', '"w"'],
      ['w=99999', '"w"'],
      ['w=12.5', '"w"'],
      ['w=320&w=480', '"w"'],
      ['fit=stretch', '"fit"'],
      ['format=gif', '"format"'],
      ['q=101', '"q"'],
      ['preset=huge', '"preset"'],
      ['preset=card&w=320', '"preset"'],
      ['width=320', '"width"'],
      ['v=not-a-hash', '"v"'],
    ]
    for (const [query, named] of cases) {
      const answer = await get(photo.id, query)
      expect(answer.status, query).toBe(400)
      const error = JSON.parse(answer.body).errors[0]
      expect(error.code, query).toBe('INVALID_QUERY')
      expect(error.message, query).toContain(named)
    }
  })

  it('never enlarge, and cap the output side', async () => {
    const ladder = await get(halves.id, 'w=2560&format=png')
    expect(await sharp(ladder.bytes).metadata()).toMatchObject({ width: 1000, height: 500 })
    const sig = signTransform(SIGNING_KEY, halves.id, { width: 4096, height: 4096, fit: 'cover', quality: 75, format: 'png' })
    const cover = await get(halves.id, `w=4096&h=4096&fit=cover&format=png&sig=${sig}`)
    expect(await sharp(cover.bytes).metadata()).toMatchObject({ width: 500, height: 500 })
    expect((await get(halves.id, 'w=4097')).status).toBe(400)
  })

  it('crop around the stored focal point', async () => {
    const thumbnailAt = async (focalX: number) => {
      const updated = await server.api(`/api/media/${halves.id}`, { method: 'PATCH', token: server.admin.token, json: { focalX, focalY: 50 } })
      expect(updated.status).toBe(200)
      const answer = await rawGet(server.url, updated.body.doc.presets.thumbnail.replace(server.payload.config.serverURL, ''), [['Accept', 'image/png']])
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(await sharp(answer.bytes).metadata()).toMatchObject({ width: 320, height: 320 })
      return { bytes: answer.bytes, url: updated.body.doc.presets.thumbnail as string }
    }
    const red = [255, 0, 0]
    const blue = [0, 0, 255]
    const right = await thumbnailAt(90)
    expect([await pixel(right.bytes, 4, 160), await pixel(right.bytes, 315, 160)]).toEqual([blue, blue])
    const left = await thumbnailAt(10)
    expect([await pixel(left.bytes, 4, 160), await pixel(left.bytes, 315, 160)]).toEqual([red, red])
    const centre = await thumbnailAt(50)
    expect([await pixel(centre.bytes, 10, 160), await pixel(centre.bytes, 309, 160)]).toEqual([red, blue])
    // Moving the focal point makes new URLs: the one a browser kept for a year is no longer current.
    expect(new Set([right.url, left.url, centre.url]).size).toBe(3)
    const outdated = await rawGet(server.url, right.url.replace(server.payload.config.serverURL, ''))
    expect(outdated.headers['cache-control']).toBe('public, max-age=0, must-revalidate')
  })

  it('answer 404 for a missing or unreadable document and 415 for a PDF', async () => {
    expect((await get('0123456789abcdef01234567', 'w=320')).status).toBe(404)
    expect((await get('not-an-id', 'w=320')).status).toBe(404)
    const pdf = await upload(minimalPdf(), 'brochure.pdf', 'application/pdf')
    const answer = await get(pdf.id, 'w=320')
    expect(answer.status).toBe(415)
    expect(JSON.parse(answer.body).errors[0].code).toBe('UNSUPPORTED_MEDIA_TYPE')
  })

  it('refuse a source over the pixel limit without decoding it', async () => {
    const doc = await upload(await sharp({ create: { width: 40, height: 40, channels: 3, background: '#888888' } }).png().toBuffer(), 'bomb.png', 'image/png')
    // A file stored before the upload check existed: its header claims 20000×20000 pixels.
    fs.writeFileSync(path.join(server.environment.mediaDir, doc.filename), claimedHugePng(20_000))
    const answer = await get(doc.id, 'w=320&format=webp')
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).errors[0]).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('megapixels') })
  })
})

describe('rendered images served before Express', () => {
  it('answer a repeated anonymous request from disk with the same headers and no database read', async () => {
    const path = imagePath(photo.id, `w=768&format=webp&v=${photo.version}`)
    const first = await rawGet(server.url, path, [['Accept', AVIF_FIRST]])
    expect(first.status).toBe(200)
    const reads = vi.spyOn(server.payload.db, 'findOne')
    const mediaReads = () => reads.mock.calls.filter(([args]) => args.collection === 'media').length
    try {
      const again = await rawGet(server.url, path, [['Accept', AVIF_FIRST]])
      expect(again.status).toBe(200)
      expect(again.bytes.equals(first.bytes)).toBe(true)
      const comparable = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([name]) => !['date', 'connection', 'keep-alive', 'ratelimit-remaining', 'ratelimit-reset'].includes(name)))
      expect(comparable(again.headers)).toEqual(comparable(first.headers))
      expect(again.headers['x-content-type-options']).toBe('nosniff')
      const revalidated = await rawGet(server.url, path, [['If-None-Match', String(first.headers.etag)]])
      expect(revalidated.status).toBe(304)
      const head = await rawGet(server.url, path, [], 'HEAD')
      expect([head.status, head.bytes.byteLength, head.headers['content-length']]).toEqual([200, 0, String(first.bytes.byteLength)])
      expect(mediaReads()).toBe(0)

      // A signed-in request, or a refused one, goes the whole way.
      const signedIn = await server.api(path, { token: server.admin.token })
      expect(signedIn.status).toBe(200)
      expect(mediaReads()).toBe(1)
      expect((await get(photo.id, 'w=768&format=webp&q=90')).status).toBe(403)
      expect((await get(photo.id, 'w=768&format=webp&w=320')).status).toBe(400)
    } finally {
      reads.mockRestore()
    }
  })
})

describe('rendering work', () => {
  it('renders identical concurrent requests once: with no room to wait, all of them are still answered', async () => {
    const query = 'w=1920&format=avif'
    const answers = await Promise.all(Array.from({ length: 4 }, () => get(photo.id, query)))
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200])
    for (const answer of answers) expect(answer.bytes.equals(answers[0].bytes)).toBe(true)
  })

  it('answers 503 with Retry-After when the queue is full, and renders again once it has room', async () => {
    const widths = [1280, 1600, 2560]
    const answers = await Promise.all(widths.map((w) => get(photo.id, `w=${w}&format=avif&v=${photo.version}`)))
    const refused = answers.filter((answer) => answer.status === 503)
    expect(refused.length).toBeGreaterThan(0)
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThan(0)
    for (const answer of refused) {
      expect(answer.headers['retry-after']).toMatch(/^\d+$/)
      expect(JSON.parse(answer.body).errors[0].code).toBe('SERVICE_UNAVAILABLE')
    }
    for (const w of widths) expect((await get(photo.id, `w=${w}&format=avif`)).status).toBe(200)
  })

  it('keeps variants on disk and drops them when the file is replaced or the document deleted', async () => {
    const doc = await upload(await generateImage(['#b91c1c', '#f59e0b'], 9, 900, 600), 'replaced.png', 'image/png')
    expect((await get(doc.id, 'w=320&format=webp')).status).toBe(200)
    expect((await get(doc.id, 'w=480&format=webp')).status).toBe(200)
    expect(variantsOf(doc.contentHash)).toHaveLength(2)

    const replacement = await generateImage(['#0e7490', '#6366f1'], 11, 900, 600)
    const replaced = await server.api(`/api/media/${doc.id}`, {
      method: 'PATCH',
      token: server.admin.token,
      body: uploadForm({ data: replacement, name: 'replaced.png', type: 'image/png' }, {}),
    })
    expect(replaced.status).toBe(200)
    const newHash = replaced.body.doc.contentHash
    expect(newHash).toBe(createHash('sha256').update(replacement).digest('hex'))
    expect(variantsOf(doc.contentHash)).toEqual([])
    const fresh = await get(doc.id, 'w=320&format=png')
    expect(await pixel(fresh.bytes, 0, 0)).toEqual(await pixel(await sharp(replacement).resize(320).png().toBuffer(), 0, 0))
    expect(variantsOf(newHash)).toHaveLength(1)

    const deleted = await server.api(`/api/media/${doc.id}`, { method: 'DELETE', token: server.admin.token })
    expect(deleted.status).toBe(200)
    expect(variantsOf(newHash)).toEqual([])
    expect((await get(doc.id, 'w=320&format=png')).status).toBe(404)
  })
})
