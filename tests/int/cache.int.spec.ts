import { createHash } from 'node:crypto'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { kickJobRunner } from '@/jobs/jobRunner'
import { DEFAULT_CACHE_CONTROL } from '@/settings'
import { advanceClock, resetClock } from '../helpers/controllableClock'
import { createDocument } from '../helpers/documents'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { waitUntil } from '../helpers/waitFor'

let server: TestServer

type Read = { status: number; headers: Headers; body: any }

/** An anonymous GET, as a frontend makes it. */
async function read(path: string, headers: Record<string, string> = {}): Promise<Read> {
  const response = await fetch(`${server.url}${path}`, { headers })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text }
}

/**
 * Reads until the answer comes from the cache, so the test proves what a cached read returns. A
 * write elsewhere (a job finishing) may invalidate the first answer while it is being stored: the
 * next read stores it again. Never more than a few reads.
 */
async function readCached(path: string): Promise<Read> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const answer = await read(path)
    if (answer.headers.get('x-cache') === 'HIT') return answer
  }
  throw new Error(`${path} never came from the cache`)
}

const write = (path: string, method: string, json?: unknown) => server.api(path, { method, token: server.admin.token, json })

const create = (collection: string, data: Record<string, unknown>) => createDocument(server, collection, data)

async function image(alt: string) {
  const data = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0ea5e9' } }).png().toBuffer()
  const media = await server.payload.create({ collection: 'media', data: { alt }, file: { data, mimetype: 'image/png', name: `${alt.replace(/\W/g, '-')}.png`, size: data.length } })
  return String(media.id)
}

beforeAll(async () => {
  server = await startTestServer('cache')
})

afterAll(async () => {
  resetClock()
  await server?.stop()
})

describe('HTTP caching', () => {
  it('serves a repeated anonymous read from the cache with a strong ETag and the configured Cache-Control', async () => {
    await create('posts', { title: 'Cached post', _status: 'published' })
    const first = await read('/api/posts?depth=2&limit=5')
    expect(first.status).toBe(200)
    expect(first.headers.get('x-cache')).toBe('MISS')
    const second = await read('/api/posts?limit=5&depth=2')
    expect(second.headers.get('x-cache')).toBe('HIT')
    expect(second.body).toEqual(first.body)
    expect(second.headers.get('etag')).toMatch(/^"[\w-]{32}"$/)
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'))
    expect(second.headers.get('cache-control')).toBe(DEFAULT_CACHE_CONTROL)
    expect(second.headers.get('content-type')).toContain('application/json')
    // A shared cache in front of Folio must keep signed-in answers apart from this one.
    for (const answer of [first, second]) expect(answer.headers.get('vary')?.split(/\s*,\s*/)).toContain('Authorization')
  })

  it('answers 304 Not Modified to If-None-Match with the current ETag, and 200 to an old one', async () => {
    const { headers } = await read('/api/posts?limit=5&depth=2')
    const etag = headers.get('etag')!
    const revalidated = await read('/api/posts?limit=5&depth=2', { 'If-None-Match': etag })
    expect(revalidated.status).toBe(304)
    expect(revalidated.body).toBe('')
    expect(revalidated.headers.get('etag')).toBe(etag)
    expect((await read('/api/posts?limit=5&depth=2', { 'If-None-Match': `W/${etag}` })).status).toBe(304)
    expect((await read('/api/posts?limit=5&depth=2', { 'If-None-Match': '"something-else"' })).status).toBe(200)
  })

  it('never caches or shares a request with credentials', async () => {
    await create('posts', { title: 'Only a draft' })
    const path = '/api/posts?limit=50&depth=0&sort=-createdAt'
    const titles = (answer: Read) => answer.body.docs.map((doc: { title: string }) => doc.title)
    const credentials: Record<string, string>[] = [
      { Authorization: `JWT ${server.admin.token}` },
      // Payload accepts a cookie only from a trusted origin (its CSRF list).
      { Origin: 'http://localhost:3000', Cookie: `payload-token=${server.admin.token}` },
      { Origin: 'http://localhost:3000', Cookie: `theme=dark; payload-token =${server.admin.token}` },
    ]
    // Staff see drafts: read twice each way, so a stored staff answer would show as a hit.
    for (const headers of [...credentials, ...credentials]) {
      const staff = await read(path, headers)
      expect(staff.headers.get('cache-control')).toBe('private, no-store')
      expect(staff.headers.get('x-cache')).toBeNull()
      expect(titles(staff)).toContain('Only a draft')
    }
    // Nothing of theirs was stored: the first anonymous read misses and shows no draft, nor do later hits.
    const anonymous = await read(path)
    expect(anonymous.headers.get('x-cache')).toBe('MISS')
    expect(titles(anonymous)).not.toContain('Only a draft')
    expect(titles(await readCached(path))).not.toContain('Only a draft')
    // And once the anonymous answer is stored, staff still get their own.
    for (const headers of credentials) expect(titles(await read(path, headers))).toContain('Only a draft')
  })

  it('reads the store once for a miss, and once for a hit', async () => {
    // Either way of reading counts: `get`, or `peek` where the store is in memory.
    const store = server.cache.store!
    const gets = vi.spyOn(store, 'get')
    const peeks = store.peek ? vi.spyOn(store as Required<typeof store>, 'peek') : undefined
    const reads = () => gets.mock.calls.length + (peeks?.mock.calls.length ?? 0)
    try {
      const path = '/api/categories?limit=3&depth=0&sort=title'
      expect((await read(path)).headers.get('x-cache')).toBe('MISS')
      expect(reads()).toBe(1)
      expect((await read(path)).headers.get('x-cache')).toBe('HIT')
      expect(reads()).toBe(2)
    } finally {
      gets.mockRestore()
      peeks?.mockRestore()
    }
  })

  it('does not cache requests for drafts', async () => {
    const response = await read('/api/posts?limit=5&draft=true')
    expect(response.headers.get('x-cache')).toBeNull()
    expect((await read('/api/posts?limit=5&draft=true')).headers.get('x-cache')).toBeNull()
  })
})

describe('no stale read after a write', () => {
  it('updates: the document, lists, counts and slug lookups show the change at once', async () => {
    const post = await create('posts', { title: 'Before the edit', slug: 'edited-post', _status: 'published' })
    const paths = [`/api/posts/${post.id}?depth=1`, '/api/posts?limit=100&depth=0', '/api/posts?where[slug][equals]=edited-post&depth=2', '/api/posts/count?where[title][like]=edit']
    for (const path of paths) await readCached(path)

    await write(`/api/posts/${post.id}`, 'PATCH', { title: 'After the edit' })

    expect((await read(paths[0])).body.title).toBe('After the edit')
    expect((await read(paths[1])).body.docs.map((doc: { title: string }) => doc.title)).toContain('After the edit')
    expect((await read(paths[2])).body.docs[0].title).toBe('After the edit')
    expect((await read(paths[3])).body.totalDocs).toBe(1)
    expect((await read(paths[1])).body.docs.map((doc: { title: string }) => doc.title)).not.toContain('Before the edit')
  })

  it('creates and deletes: lists and counts follow, a deleted document answers 404', async () => {
    const before = (await readCached('/api/posts/count')).body.totalDocs
    const post = await create('posts', { title: 'Brand new', _status: 'published' })
    expect((await read('/api/posts/count')).body.totalDocs).toBe(before + 1)
    await readCached(`/api/posts/${post.id}`)
    await readCached('/api/posts?limit=100&depth=0')

    await write(`/api/posts/${post.id}`, 'DELETE')
    expect((await read(`/api/posts/${post.id}`)).status).toBe(404)
    expect((await read('/api/posts/count')).body.totalDocs).toBe(before)
    expect((await read('/api/posts?limit=100&depth=0')).body.docs.map((doc: { id: string }) => doc.id)).not.toContain(post.id)
  })

  it('publishes and unpublishes', async () => {
    const post = await create('posts', { title: 'Waiting to go out' })
    const list = '/api/posts?limit=100&depth=0&sort=-publishedAt'
    expect((await readCached(list)).body.docs.map((doc: { id: string }) => doc.id)).not.toContain(post.id)
    expect((await read(`/api/posts/${post.id}`)).status).toBe(404)

    await write(`/api/posts/${post.id}`, 'PATCH', { _status: 'published' })
    expect((await read(list)).body.docs.map((doc: { id: string }) => doc.id)).toContain(post.id)
    expect((await readCached(`/api/posts/${post.id}`)).body.title).toBe('Waiting to go out')

    await write(`/api/posts/${post.id}`, 'PATCH', { _status: 'draft' })
    expect((await read(list)).body.docs.map((doc: { id: string }) => doc.id)).not.toContain(post.id)
    expect((await read(`/api/posts/${post.id}`)).status).toBe(404)
  })

  it('a related document edited two levels deep', async () => {
    const mediaID = await image('Original alt')
    const inner = await create('pages', { title: 'Inner page', _status: 'published', layout: [{ blockType: 'media', media: mediaID }] })
    const outer = await create('pages', {
      title: 'Outer page',
      _status: 'published',
      layout: [{ blockType: 'hero', heading: 'Links inward', cta: { label: 'Inner', type: 'page', page: inner.id } }],
    })
    // A linked page carries its title and path by default; `populate` asks for its blocks too.
    const path = `/api/pages/${outer.id}?depth=2&populate[pages][layout]=true`
    const before = await readCached(path)
    expect(before.body.layout[0].cta.page.layout[0].media.alt).toBe('Original alt')

    await write(`/api/media/${mediaID}`, 'PATCH', { alt: 'Edited alt' })
    const after = await read(path)
    expect(after.headers.get('x-cache')).toBe('MISS')
    expect(after.body.layout[0].cta.page.layout[0].media.alt).toBe('Edited alt')
  })

  it('a related document that becomes visible: a draft target later published', async () => {
    const target = await create('pages', { title: 'Not public yet' })
    const source = await create('pages', { title: 'Links to a draft', _status: 'published', layout: [{ blockType: 'hero', heading: 'x', cta: { label: 'Go', type: 'page', page: target.id } }] })
    const path = `/api/pages/${source.id}?depth=1`
    expect((await readCached(path)).body.layout[0].cta.page).toBe(target.id)
    await write(`/api/pages/${target.id}`, 'PATCH', { _status: 'published' })
    expect((await read(path)).body.layout[0].cta.page.title).toBe('Not public yet')
  })

  it('globals, including what they populate', async () => {
    const page = await create('pages', { title: 'In the menu', _status: 'published' })
    await write('/api/globals/site-settings', 'POST', { siteName: 'Cached site', navigation: [{ link: { label: 'Menu page', type: 'page', page: page.id } }] })
    const path = '/api/globals/site-settings?depth=1'
    expect((await readCached(path)).body.siteName).toBe('Cached site')

    await write('/api/globals/site-settings', 'POST', { siteName: 'Renamed site' })
    expect((await read(path)).body.siteName).toBe('Renamed site')
    await readCached(path)
    await write(`/api/pages/${page.id}`, 'PATCH', { title: 'Renamed menu page' })
    expect((await read(path)).body.navigation[0].link.page.title).toBe('Renamed menu page')
  })

  it('bulk updates and deletes by query', async () => {
    const category = await create('categories', { title: 'Bulk' })
    await create('posts', { title: 'Bulk one', _status: 'published', categories: [category.id] })
    await create('posts', { title: 'Bulk two', _status: 'published', categories: [category.id] })
    const path = `/api/posts?where[categories][in]=${category.id}&depth=0&limit=10`
    expect((await readCached(path)).body.totalDocs).toBe(2)
    const updated = await write(`/api/posts?where[categories][in]=${category.id}`, 'PATCH', { excerpt: 'Edited in bulk' })
    expect(updated.status).toBe(200)
    expect((await read(path)).body.docs.map((doc: { excerpt: string }) => doc.excerpt)).toEqual(['Edited in bulk', 'Edited in bulk'])
    await readCached(path)
    await write(`/api/posts?where[categories][in]=${category.id}`, 'DELETE')
    expect((await read(path)).body.totalDocs).toBe(0)
  })

  it('a scheduled publish made by the job runner', async () => {
    const post = await create('posts', { title: 'Scheduled and cached' })
    const list = '/api/posts?limit=100&depth=0&where[title][equals]=Scheduled and cached'
    expect((await readCached(list)).body.totalDocs).toBe(0)
    const at = new Date(Date.now() + 60 * 60 * 1000).toISOString()
    expect((await write(`/api/posts/${post.id}/schedule`, 'POST', { action: 'publish', at })).status).toBe(201)
    advanceClock(61 * 60 * 1000)
    await waitUntil(async () => (await read(list)).body.totalDocs === 1, 'the scheduled publish to show', {
      beforeRetry: () => kickJobRunner(server.payload),
    })
    resetClock()
  })

  it('search results and redirect lookups', async () => {
    await readCached('/api/search/query?q=zebracorn')
    expect((await read('/api/search/query?q=zebracorn')).body.totalDocs).toBe(0)
    await create('posts', { title: 'The zebracorn post', _status: 'published' })
    expect((await read('/api/search/query?q=zebracorn')).body.totalDocs).toBe(1)

    const redirect = await create('redirects', { from: '/old-cached', to: { type: 'custom', url: '/first' } })
    expect((await readCached('/api/redirects/lookup?path=/old-cached')).body.to).toBe('/first')
    await write(`/api/redirects/${redirect.id}`, 'PATCH', { to: { type: 'custom', url: '/second' } })
    expect((await read('/api/redirects/lookup?path=/old-cached')).body.to).toBe('/second')
  })
})

describe('exactness', () => {
  it('keeps responses that a write cannot affect', async () => {
    const used = await create('categories', { title: 'Used' })
    const unrelated = await create('categories', { title: 'Unrelated' })
    const post = await create('posts', { title: 'Has a category', _status: 'published', categories: [used.id] })
    const path = `/api/posts/${post.id}?depth=1`
    await readCached(path)

    await write(`/api/categories/${unrelated.id}`, 'PATCH', { title: 'Unrelated, edited' })
    await create('pages', { title: 'Another page', _status: 'published' })
    // A draft saved over a published post leaves what visitors see as it was.
    await write(`/api/posts/${post.id}?draft=true`, 'PATCH', { title: 'Draft title' })
    const kept = await read(path)
    expect(kept.headers.get('x-cache')).toBe('HIT')
    expect(kept.body.title).toBe('Has a category')

    await write(`/api/categories/${used.id}`, 'PATCH', { title: 'Used, edited' })
    const refreshed = await read(path)
    expect(refreshed.headers.get('x-cache')).toBe('MISS')
    expect(refreshed.body.categories[0].title).toBe('Used, edited')
  })
})

describe('GraphQL', () => {
  const query = '{ Posts(limit: 50, where: { title: { like: "graphql" } }) { docs { title categories { title } } } }'
  const get = (params: Record<string, string>, headers: Record<string, string> = {}) => read(`/api/graphql?${new URLSearchParams(params)}`, headers)

  it('answers queries sent by GET from the cache, and follows writes', async () => {
    const category = await create('categories', { title: 'GraphQL category' })
    await create('posts', { title: 'A graphql post', _status: 'published', categories: [category.id] })
    await get({ query })
    const cached = await get({ query })
    expect(cached.headers.get('x-cache')).toBe('HIT')
    expect(cached.body.data.Posts.docs).toEqual([{ title: 'A graphql post', categories: [{ title: 'GraphQL category' }] }])
    expect((await get({ query }, { 'If-None-Match': cached.headers.get('etag')! })).status).toBe(304)

    await write(`/api/categories/${category.id}`, 'PATCH', { title: 'Renamed GraphQL category' })
    expect((await get({ query })).body.data.Posts.docs[0].categories[0].title).toBe('Renamed GraphQL category')
  })

  it('refuses mutations by GET and bad queries with 4xx', async () => {
    const mutation = await get({ query: 'mutation { createCategory(data: { title: "x" }) { id } }' })
    expect(mutation.status).toBe(405)
    expect(mutation.body.errors[0].message).toMatch(/POST/)
    expect((await get({ query: '{ Posts { docs { title } ' })).status).toBe(400)
    expect((await get({ query, variables: '{not json' })).status).toBe(400)
    expect((await get({})).status).toBe(400)
  })

  it('supports persisted queries by hash', async () => {
    await create('posts', { title: 'A persisted post', _status: 'published' })
    const query = '{ Posts(limit: 50, where: { title: { like: "persisted" } }) { docs { title } } }'
    const sha256Hash = createHash('sha256').update(query).digest('hex')
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash } })
    const unknown = await get({ extensions })
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND')
    const registered = await get({ query, extensions })
    expect(registered.body.data.Posts.docs.length).toBeGreaterThan(0)
    await get({ extensions })
    const byHash = await get({ extensions })
    expect(byHash.headers.get('x-cache')).toBe('HIT')
    expect(byHash.body).toEqual(registered.body)
    const mismatch = await get({ query: '{ Categories { docs { title } } }', extensions })
    expect(mismatch.status).toBe(400)
    const overPost = await server.api('/api/graphql', { method: 'POST', json: { extensions: JSON.parse(extensions) } })
    expect(overPost.body).toEqual(registered.body)
  })

  it('never caches an answer with errors or one for a signed-in user', async () => {
    const forbidden = '{ Users { docs { email } } }'
    await get({ query: forbidden })
    expect((await get({ query: forbidden })).headers.get('x-cache')).not.toBe('HIT')
    const signedIn = await get({ query }, { Authorization: `JWT ${server.admin.token}` })
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store')
  })
})
