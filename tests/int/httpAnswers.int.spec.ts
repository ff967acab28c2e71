import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UPLOADED_FILE_CACHE_CONTROL } from '@/hooks/serveUploadedFile'
import { generateImage } from '@/lib/generateImage'
import { createDocument } from '../helpers/documents'
import { minimalPdf } from '../helpers/minimalPdf'
import { uploadForm } from '../helpers/multipart'
import { rawGet, type RawAnswer } from '../helpers/rawGet'
import { startTestServer, type TestServer } from '../helpers/startTestServer'

let server: TestServer
let pdf: Buffer
let pdfUrl: string

const get = (url: string, headers: [string, string][] = [], method = 'GET') => rawGet(server.url, url, headers, method)

/** The JSON an answer carries, whatever its Content-Encoding. */
function decoded(answer: RawAnswer): unknown {
  const encoding = answer.headers['content-encoding']
  const bytes = encoding === 'br' ? zlib.brotliDecompressSync(answer.bytes) : encoding === 'gzip' ? zlib.gunzipSync(answer.bytes) : answer.bytes
  return JSON.parse(bytes.toString('utf8'))
}

/** Reads until the answer comes from the cache (a job finishing may invalidate the first one). */
async function cached(url: string, headers: [string, string][] = []): Promise<RawAnswer> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const answer = await get(url, headers)
    if (answer.headers['x-cache'] === 'HIT') return answer
  }
  throw new Error(`${url} never came from the cache`)
}

const LIST = '/api/posts?limit=20&depth=1&sort=title'

beforeAll(async () => {
  server = await startTestServer('http-answers')
  for (let i = 0; i < 8; i++) {
    await createDocument(server, 'posts', { title: `Compressed post ${i}`, excerpt: 'A paragraph that repeats. '.repeat(8), _status: 'published' })
  }
  pdf = minimalPdf()
  const upload = await server.api('/api/media?depth=0', {
    method: 'POST',
    token: server.admin.token,
    body: uploadForm({ data: pdf, name: 'terms.pdf', type: 'application/pdf' }, { alt: 'Terms' }),
  })
  expect(upload.status).toBe(201)
  pdfUrl = new URL(upload.body.doc.url as string, server.url).pathname
})

afterAll(async () => {
  await server?.stop()
})

describe('compression', () => {
  it('sends brotli or gzip by Accept-Encoding, the same JSON as the plain answer, with Vary: Accept-Encoding', async () => {
    const plain = await get(LIST)
    expect(plain.status).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.bytes.byteLength).toBeGreaterThan(2000)
    const json = decoded(plain)

    const br = await get(LIST, [['Accept-Encoding', 'gzip, deflate, br']])
    expect(br.headers['content-encoding']).toBe('br')
    expect(decoded(br)).toEqual(json)
    expect(br.bytes.byteLength).toBeLessThan(plain.bytes.byteLength / 3)
    expect(Number(br.headers['content-length'])).toBe(br.bytes.byteLength)

    const gzip = await get(LIST, [['Accept-Encoding', 'gzip']])
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(decoded(gzip)).toEqual(json)

    // The client's weights decide; brotli wins only ties.
    expect((await get(LIST, [['Accept-Encoding', 'br;q=0.5, gzip']])).headers['content-encoding']).toBe('gzip')
    expect((await get(LIST, [['Accept-Encoding', 'br;q=0, gzip;q=0']])).headers['content-encoding']).toBeUndefined()
    for (const answer of [plain, br, gzip]) expect(answer.headers.vary).toMatch(/Accept-Encoding/i)
  })

  it('serves a cache hit in its stored compressed form, with an ETag per encoding and 304 across them', async () => {
    const hit = await cached(LIST, [['Accept-Encoding', 'br']])
    expect(hit.headers['content-encoding']).toBe('br')
    const again = await get(LIST, [['Accept-Encoding', 'br']])
    expect(again.headers['x-cache']).toBe('HIT')
    // The same stored bytes, not compressed again.
    expect(again.bytes.equals(hit.bytes)).toBe(true)

    const plain = await get(LIST)
    const gzip = await get(LIST, [['Accept-Encoding', 'gzip']])
    const tags = [plain, hit, gzip].map((answer) => answer.headers.etag)
    expect(new Set(tags).size).toBe(3)
    expect(hit.headers.etag).toBe(`${plain.headers.etag!.slice(0, -1)}-br"`)

    // A client holding the brotli form holds the same content: 304, without a Content-Encoding.
    const notModified = await get(LIST, [['Accept-Encoding', 'gzip'], ['If-None-Match', hit.headers.etag!]])
    expect(notModified.status).toBe(304)
    expect(notModified.bytes.byteLength).toBe(0)
    expect(notModified.headers['content-encoding']).toBeUndefined()
    expect(notModified.headers.etag).toBe(gzip.headers.etag)
  })

  it('compresses answers the cache does not keep: GraphQL by POST and signed-in reads', async () => {
    const query = JSON.stringify({ query: '{ Posts(limit: 20) { docs { id title excerpt slug } } }' })
    const response = await fetch(`${server.url}/api/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Encoding': 'gzip' }, body: query })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-encoding')).toBe('gzip')
    const body = (await response.json()) as { data: { Posts: { docs: unknown[] } } }
    expect(body.data.Posts.docs).toHaveLength(8)

    const personal = await get(LIST, [['Authorization', `JWT ${server.admin.token}`], ['Accept-Encoding', 'br']])
    expect(personal.status).toBe(200)
    expect(personal.headers['cache-control']).toBe('private, no-store')
    expect(personal.headers['content-encoding']).toBe('br')
    expect((decoded(personal) as { docs: unknown[] }).docs).toHaveLength(8)
  })

  it('leaves small answers as they are', async () => {
    const small = await get('/api/posts?limit=1&depth=0&select[title]=true', [['Accept-Encoding', 'br, gzip']])
    expect(small.status).toBe(200)
    expect(small.bytes.byteLength).toBeLessThan(1024)
    expect(small.headers['content-encoding']).toBeUndefined()
  })
})

describe('cache hits', () => {
  it('carry the same headers as the answer Express gives: security, rate limit, caching', async () => {
    const url = '/api/posts?limit=3&depth=0&sort=title'
    const miss = await get(url)
    expect(miss.headers['x-cache']).toBe('MISS')
    const hit = await cached(url)
    const names = (answer: RawAnswer) => Object.keys(answer.headers).filter((name) => !['date', 'ratelimit-remaining', 'ratelimit-reset'].includes(name)).sort()
    expect(names(hit)).toEqual(names(miss))
    for (const name of ['content-security-policy', 'x-content-type-options', 'ratelimit-limit', 'ratelimit-policy', 'cache-control', 'vary', 'etag', 'content-type']) {
      expect(hit.headers[name], name).toBe(miss.headers[name])
    }
    expect(Number(hit.headers['ratelimit-remaining'])).toBeLessThan(Number(miss.headers['ratelimit-remaining']))
    expect(hit.body).toBe(miss.body)
    // Each header once: a hit's headers go out in one list, where nothing replaces a repeated name.
    const repeated = (answer: RawAnswer) => answer.headerLines.map(([name]) => name).filter((name, i, all) => all.indexOf(name) !== i)
    expect(repeated(hit)).toEqual([])
    expect(repeated(miss)).toEqual([])
  })

  it('never answer a query Folio refuses, nor a signed-in read', async () => {
    const url = '/api/posts?limit=2&depth=0'
    await cached(url)
    const refused = await get(`${url}&limit=3`)
    expect(refused.status).toBe(400)
    expect(JSON.parse(refused.body).errors[0].code).toBe('INVALID_QUERY')
    const personal = await get(url, [['Authorization', `JWT ${server.admin.token}`]])
    expect(personal.headers['x-cache']).toBeUndefined()
    expect(personal.headers['cache-control']).toBe('private, no-store')
  })
})

describe('HEAD', () => {
  it('answers HEAD on API reads with the GET answer’s status and headers and no body', async () => {
    const [post] = (decoded(await get(LIST)) as { docs: { id: string }[] }).docs
    // Each URL read first by HEAD, so the HEAD reaches Payload rather than the cache.
    for (const url of [`${LIST}&page=1`, `/api/posts/${post.id}?depth=1`, '/api/globals/site-settings', `/api/graphql?query=${encodeURIComponent('{ Posts { totalDocs } }')}`]) {
      const head = await get(url, [], 'HEAD')
      const full = await get(url)
      expect(head.status, url).toBe(200)
      expect(head.bytes.byteLength, url).toBe(0)
      expect(head.headers['content-length'], url).toBe(String(full.bytes.byteLength))
      expect(head.headers['content-type'], url).toBe(full.headers['content-type'])
      expect(head.headers.etag, url).toBe(full.headers.etag)
    }
    const personal = await get(`/api/users/${server.admin.user.id}`, [['Authorization', `JWT ${server.admin.token}`]], 'HEAD')
    expect(personal.status).toBe(200)
    expect(Number(personal.headers['content-length'])).toBeGreaterThan(0)
    expect(personal.headers['cache-control']).toBe('private, no-store')
    expect((await get('/api/posts/000000000000000000000000', [], 'HEAD')).status).toBe(404)
    expect((await get('/api/nothing-here', [], 'HEAD')).status).toBe(404)
  })
})

describe('uploaded files', () => {
  it('sends ETag, Last-Modified and a revalidating Cache-Control, and 304 to a client that holds the file', async () => {
    const file = await get(pdfUrl)
    expect(file.status).toBe(200)
    expect(file.bytes.equals(pdf)).toBe(true)
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(file.headers['cache-control']).toBe(UPLOADED_FILE_CACHE_CONTROL)
    expect(file.headers['accept-ranges']).toBe('bytes')
    const { etag, 'last-modified': lastModified } = file.headers
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/)
    expect(new Date(lastModified!).getTime()).toBeGreaterThan(Date.now() - 10 * 60_000)

    const byTag = await get(pdfUrl, [['If-None-Match', etag!]])
    expect(byTag.status).toBe(304)
    expect(byTag.bytes.byteLength).toBe(0)
    expect((await get(pdfUrl, [['If-Modified-Since', lastModified!]])).status).toBe(304)
    expect((await get(pdfUrl, [['If-None-Match', '"another"']])).status).toBe(200)
    expect((await get(pdfUrl, [['If-Modified-Since', new Date(Date.parse(lastModified!) - 60_000).toUTCString()]])).status).toBe(200)

    const head = await get(pdfUrl, [], 'HEAD')
    expect(head.status).toBe(200)
    expect(head.bytes.byteLength).toBe(0)
    expect(head.headers['content-length']).toBe(String(pdf.byteLength))
    expect(head.headers.etag).toBe(etag)
  })

  it('sends byte ranges (206), the whole file when If-Range no longer holds, and 416 past the end', async () => {
    const part = await get(pdfUrl, [['Range', 'bytes=5-14']])
    expect(part.status).toBe(206)
    expect(part.headers['content-range']).toBe(`bytes 5-14/${pdf.byteLength}`)
    expect(part.bytes.equals(pdf.subarray(5, 15))).toBe(true)

    const tail = await get(pdfUrl, [['Range', 'bytes=-4']])
    expect(tail.status).toBe(206)
    expect(tail.bytes.equals(pdf.subarray(pdf.byteLength - 4))).toBe(true)

    const { etag } = (await get(pdfUrl)).headers
    expect((await get(pdfUrl, [['Range', 'bytes=0-3'], ['If-Range', etag!]])).status).toBe(206)
    const stale = await get(pdfUrl, [['Range', 'bytes=0-3'], ['If-Range', '"older"']])
    expect(stale.status).toBe(200)
    expect(stale.bytes.equals(pdf)).toBe(true)

    const beyond = await get(pdfUrl, [['Range', `bytes=${pdf.byteLength + 10}-`]])
    expect(beyond.status).toBe(416)
    expect(beyond.headers['content-range']).toBe(`bytes */${pdf.byteLength}`)
  })

  it('answers 404 for a file that is not on disk, naming no path', async () => {
    const filename = path.basename(pdfUrl)
    const missing = await get(pdfUrl.replace(filename, `gone-${filename}`))
    expect(missing.status).toBe(404)
    expect(missing.body).not.toContain(server.environment.mediaDir)
    expect(fs.existsSync(path.join(server.environment.mediaDir, filename))).toBe(true)
  })
})

describe('lean answers', () => {
  it('populates images, categories and linked documents with what a frontend renders, and hides editing aids from visitors', async () => {
    const image = await server.payload.create({
      collection: 'media',
      data: { alt: 'A lean image' },
      file: { data: await generateImage(['#0f766e', '#f59e0b'], 3, 800, 600), mimetype: 'image/png', name: 'lean.png', size: 0 },
    })
    const category = await createDocument(server, 'categories', { title: 'Lean category', description: 'Small on the wire.' })
    const post = await createDocument(server, 'posts', {
      title: 'Lean post',
      _status: 'published',
      heroImage: image.id,
      categories: [category.id],
      meta: { title: 'Lean', description: 'Lean post', image: image.id },
    })

    const { docs } = decoded(await get(`/api/posts?where[id][equals]=${post.id}&depth=1`)) as { docs: Record<string, any>[] }
    const [read] = docs
    const imageKeys = ['alt', 'caption', 'contentHash', 'dominantColor', 'filename', 'focalX', 'focalY', 'height', 'id', 'mimeType', 'placeholder', 'presets', 'sizes', 'srcset', 'url', 'width']
    for (const populated of [read.heroImage, read.meta.image]) {
      expect(Object.keys(populated).sort()).toEqual(imageKeys.filter((key) => key in populated))
      expect(populated).toMatchObject({ id: image.id, alt: 'A lean image', width: 800, height: 600, mimeType: 'image/png' })
      expect(populated.url).toMatch(/\/api\/media\/file\/lean/)
      // What responsive images need comes along: the srcset ladders, preset URLs and the placeholder.
      expect(populated.srcset.webp).toContain('w=320&format=webp')
      expect(populated.presets.card).toContain('preset=card')
      expect(populated.placeholder).toMatch(/^data:image\/webp;base64,/)
      for (const size of Object.values(populated.sizes as Record<string, Record<string, unknown>>)) {
        expect(Object.keys(size).sort()).toEqual(['filename', 'height', 'mimeType', 'url', 'width'])
      }
      expect(populated).not.toHaveProperty('filesize')
      expect(populated).not.toHaveProperty('createdAt')
      expect(populated).not.toHaveProperty('thumbnailURL')
    }
    expect(read.categories).toEqual([{ id: category.id, title: 'Lean category', slug: category.slug, description: 'Small on the wire.' }])
    expect(read).not.toHaveProperty('generateSlug')

    // Read directly, an image is whole; the team still sees the slug switch.
    const direct = (await server.api(`/api/media/${image.id}`)).body
    expect(direct).toHaveProperty('filesize')
    expect(direct).toHaveProperty('createdAt')
    const staff = await server.api(`/api/posts/${post.id}?depth=0`, { token: server.admin.token })
    expect(staff.body).toHaveProperty('generateSlug')
    expect((await server.api(`/api/categories/${category.id}`)).body).not.toHaveProperty('generateSlug')
  })
})

describe('rich text as HTML', () => {
  const text = (value: string) => ({ type: 'text', text: value, format: 0, detail: 0, mode: 'normal', style: '', version: 1 })
  const paragraph = (...children: object[]) => ({ type: 'paragraph', children, direction: 'ltr', format: '', indent: 0, textFormat: 0, version: 1 })
  const link = (fields: object, label: string) => ({ type: 'link', fields, children: [text(label)], direction: 'ltr', format: '', indent: 0, version: 3 })
  const editorState = (...children: object[]) => ({ root: { type: 'root', children, direction: 'ltr', format: '', indent: 0, version: 1 } })

  it('renders a post’s content to sanitised HTML on request, with internal links at their paths', async () => {
    const about = await createDocument(server, 'pages', { title: 'About us', slug: 'about-us', _status: 'published' })
    const secret = await createDocument(server, 'pages', { title: 'Coming soon', slug: 'coming-soon' })
    const post = await createDocument(server, 'posts', {
      title: 'Rendered post',
      _status: 'published',
      content: editorState(
        paragraph(text('Tags like <script>alert(1)</script> stay text.')),
        paragraph(link({ linkType: 'internal', doc: { relationTo: 'pages', value: about.id } }, 'Read about us')),
        paragraph(link({ linkType: 'custom', url: 'javascript:alert(1)' }, 'Not a link')),
        paragraph(link({ linkType: 'internal', doc: { relationTo: 'pages', value: secret.id } }, 'Not yet')),
      ),
    })

    const plain = decoded(await get(`/api/posts/${post.id}`)) as Record<string, unknown>
    expect(plain).not.toHaveProperty('contentHtml')

    const rendered = decoded(await get(`/api/posts/${post.id}?html=true&depth=1`)) as { contentHtml: string; content: unknown }
    expect(rendered.content).toEqual(plain.content)
    expect(rendered.contentHtml).toContain('<p>Tags like &lt;script&gt;alert(1)&lt;/script&gt; stay text.</p>')
    expect(rendered.contentHtml).toContain('<a href="/about-us">Read about us</a>')
    expect(rendered.contentHtml).not.toMatch(/<script|javascript:/)
    // A draft page is no link for a visitor: its address is not given away.
    expect(rendered.contentHtml).toContain('<a href="#">Not yet</a>')
    expect(rendered.contentHtml).not.toContain('coming-soon')

    const unasked = await fetch(`${server.url}/api/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: `{ Post(id: "${post.id}") { contentHtml } }` }),
    })
    expect(((await unasked.json()) as { data: { Post: { contentHtml: string | null } } }).data.Post.contentHtml).toBeNull()
    const graphql = await fetch(`${server.url}/api/graphql?html=true`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: `{ Post(id: "${post.id}") { contentHtml } }` }),
    })
    const { data } = (await graphql.json()) as { data: { Post: { contentHtml: string } } }
    expect(data.Post.contentHtml).toContain('<a href="/about-us">Read about us</a>')

    // Sent in a write, it is not stored: the HTML is always made from the content.
    await server.api(`/api/posts/${post.id}`, { method: 'PATCH', token: server.admin.token, json: { title: 'Rendered post, again' } })
    const stored = (await server.payload.db.findOne({ collection: 'posts', where: { id: { equals: post.id } } })) as Record<string, unknown>
    expect(stored).not.toHaveProperty('contentHtml')
  })

  it('renders a page’s rich-text blocks too', async () => {
    const page = await createDocument(server, 'pages', {
      title: 'Rendered page',
      _status: 'published',
      layout: [{ blockType: 'richText', content: editorState(paragraph(text('Block text'))) }],
    })
    const { layout } = decoded(await get(`/api/pages/${page.id}?html=true`)) as { layout: { contentHtml: string }[] }
    expect(layout[0].contentHtml).toBe('<p>Block text</p>')
    expect((decoded(await get(`/api/pages/${page.id}`)) as { layout: object[] }).layout[0]).not.toHaveProperty('contentHtml')
  })
})
