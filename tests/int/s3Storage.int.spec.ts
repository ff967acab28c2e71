import fs from 'node:fs'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { generateImage } from '@/lib/generateImage'
import { uploadForm } from '../helpers/multipart'
import { rawGet } from '../helpers/rawGet'
import { startS3Server, type S3Server } from '../helpers/startS3Server'
import { startTestServer, type TestServer } from '../helpers/startTestServer'

let s3: S3Server
let server: TestServer

beforeAll(async () => {
  s3 = await startS3Server()
  Object.assign(process.env, s3.env)
  server = await startTestServer('s3')
})

afterAll(async () => {
  for (const name of Object.keys(s3?.env ?? {})) delete process.env[name]
  await server?.stop()
  await s3?.stop()
})

const variantFiles = (contentHash: string) => {
  const dir = path.join(server.environment.imageCacheDir, contentHash.slice(0, 16))
  return fs.existsSync(dir) ? fs.readdirSync(dir) : []
}

describe('uploads in an S3-compatible bucket', () => {
  it('stores the file and its sizes in the bucket, serves and transforms it from there, and a delete leaves no object', async () => {
    const png = await generateImage(['#be185d', '#f97316'], 4, 1200, 800)
    const created = await server.api('/api/media', {
      method: 'POST',
      token: server.admin.token,
      body: uploadForm({ data: png, name: 'bucket.png', type: 'image/png' }, { alt: 'In the bucket' }),
    })
    expect(created.status).toBe(201)
    const doc = created.body.doc
    expect(await s3.keys()).toEqual(['bucket-1200x800.webp', 'bucket-320x320.webp', 'bucket-768x512.webp', 'bucket.png'].sort())
    expect(fs.readdirSync(server.environment.mediaDir)).toEqual([])

    const original = await rawGet(server.url, new URL(doc.url, server.url).pathname)
    expect(original.status).toBe(200)
    expect(original.bytes.equals(png)).toBe(true)
    const card = await rawGet(server.url, new URL(doc.sizes.card.url, server.url).pathname)
    expect(await sharp(card.bytes).metadata()).toMatchObject({ format: 'webp', width: 768, height: 512 })

    const transformed = await rawGet(server.url, `/api/media/${doc.id}/image?w=480&format=webp`)
    expect(transformed.status).toBe(200)
    expect(await sharp(transformed.bytes).metadata()).toMatchObject({ format: 'webp', width: 480, height: 320 })
    // Variants are kept on local disk, not in the bucket.
    expect(variantFiles(doc.contentHash)).toHaveLength(1)
    expect(await s3.keys()).toHaveLength(4)

    const deleted = await server.api(`/api/media/${doc.id}`, { method: 'DELETE', token: server.admin.token })
    expect(deleted.status).toBe(200)
    expect(await s3.keys()).toEqual([])
    expect(variantFiles(doc.contentHash)).toEqual([])
    expect((await rawGet(server.url, `/api/media/${doc.id}/image?w=480&format=webp`)).status).toBe(404)
  })

  it('answers 404 for an image whose object is gone from the bucket', async () => {
    const png = await generateImage(['#1d4ed8', '#9333ea'], 8, 640, 480)
    const doc = (await server.api('/api/media', { method: 'POST', token: server.admin.token, body: uploadForm({ data: png, name: 'vanishing.png', type: 'image/png' }, { alt: 'Vanishing' }) })).body.doc
    const { DeleteObjectCommand, S3Client } = await import('@aws-sdk/client-s3')
    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: s3.env.S3_ACCESS_KEY_ID, secretAccessKey: s3.env.S3_SECRET_ACCESS_KEY } })
    await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: 'vanishing.png' }))
    client.destroy()
    const answer = await rawGet(server.url, `/api/media/${doc.id}/image?w=320&format=webp`)
    expect(answer.status).toBe(404)
    expect(JSON.parse(answer.body).errors[0].code).toBe('NOT_FOUND')
  })
})
