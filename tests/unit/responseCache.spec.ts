import zlib from 'node:zlib'

import { describe, expect, it } from 'vitest'

import { cacheKey } from '@/cache/cacheKey'
import { createMemoryCacheStore } from '@/cache/createMemoryCacheStore'
import { recordDependencies } from '@/cache/dependencyScope'
import { encodeBodyFor } from '@/cache/encodings'
import { computeETag, matchesIfNoneMatch } from '@/cache/etag'
import { idsOfWhere } from '@/cache/idsOfWhere'
import type { CachedResponse } from '@/cache/types'
import { withResponseCache } from '@/cache/withResponseCache'

const entry = (tags: string[], bytes = 100): CachedResponse => ({
  status: 200,
  headers: [['content-type', 'application/json']],
  body: new Uint8Array(bytes),
  etag: '"x"',
  tags,
  storedAt: Date.now(),
})

describe('memory cache store', () => {
  it('drops every entry carrying an invalidated tag, and only those', async () => {
    const store = createMemoryCacheStore({ maxBytes: 1_000_000, ttlMs: 60_000 })
    const mark = await store.mark()
    await store.set('a', entry(['list:posts']), mark)
    await store.set('b', entry(['doc:posts:1', 'docs:posts']), mark)
    await store.set('c', entry(['doc:categories:9', 'docs:categories']), mark)
    await store.invalidate(['list:posts', 'doc:posts:1'])
    expect(await store.get('a')).toBeUndefined()
    expect(await store.get('b')).toBeUndefined()
    expect(await store.get('c')).toBeDefined()
    expect((await store.stats()).entries).toBe(1)
  })

  it('refuses a response computed before one of its tags was invalidated', async () => {
    const store = createMemoryCacheStore({ maxBytes: 1_000_000, ttlMs: 60_000 })
    const mark = await store.mark()
    await store.invalidate(['doc:posts:1'])
    expect(await store.set('stale', entry(['doc:posts:1']), mark)).toBe(false)
    expect(await store.set('fine', entry(['doc:posts:2']), mark)).toBe(true)
    expect(await store.set('fresh', entry(['doc:posts:1']), await store.mark())).toBe(true)
  })

  it('refuses a response whose mark is older than the invalidations it remembers', async () => {
    let now = 0
    const store = createMemoryCacheStore({ maxBytes: 1_000_000, ttlMs: 60 * 60_000, now: () => now })
    const mark = await store.mark()
    await store.invalidate(['doc:posts:1'])
    now = 10 * 60_000
    await store.invalidate(['doc:posts:2'])
    expect(await store.set('slow request', entry(['doc:posts:3']), mark)).toBe(false)
    expect(await store.set('quick request', entry(['doc:posts:3']), await store.mark())).toBe(true)
  })

  it('keeps within its byte budget, least recently used out first', async () => {
    const store = createMemoryCacheStore({ maxBytes: 3 * 1500, ttlMs: 60_000 })
    const mark = await store.mark()
    await store.set('one', entry(['t1'], 1000), mark)
    await store.set('two', entry(['t2'], 1000), mark)
    await store.set('three', entry(['t3'], 1000), mark)
    await store.get('one')
    await store.set('four', entry(['t4'], 1000), mark)
    expect(await store.get('two')).toBeUndefined()
    expect(await store.get('one')).toBeDefined()
    expect((await store.stats()).bytes).toBeLessThanOrEqual(3 * 1500)
  })

  it('forgets entries older than the TTL', async () => {
    let now = 0
    const store = createMemoryCacheStore({ maxBytes: 1_000_000, ttlMs: 1000, now: () => now })
    await store.set('a', { ...entry(['t']), storedAt: 0 }, await store.mark())
    now = 1500
    expect(await store.get('a')).toBeUndefined()
  })
})

describe('read dependencies', () => {
  it('finds the ids a query is limited to, also inside and', () => {
    expect(idsOfWhere({ id: { equals: 'a' } })).toEqual(['a'])
    expect(idsOfWhere({ id: { in: ['a', 'b'] } })).toEqual(['a', 'b'])
    expect(idsOfWhere({ and: [{ _status: { equals: 'published' } }, { id: { in: ['c'] } }] })).toEqual(['c'])
    expect(idsOfWhere({ or: [{ id: { equals: 'a' } }, { slug: { equals: 'x' } }] })).toBeUndefined()
    expect(idsOfWhere({ slug: { equals: 'x' } })).toBeUndefined()
    expect(idsOfWhere(undefined)).toBeUndefined()
  })
})

describe('cache keys and validators', () => {
  it('sorts query parameters and skips draft requests', () => {
    expect(cacheKey(new URL('http://x/api/posts?limit=5&depth=1'))).toBe(cacheKey(new URL('http://x/api/posts?depth=1&limit=5')))
    expect(cacheKey(new URL('http://x/api/posts?depth=1'))).not.toBe(cacheKey(new URL('http://x/api/posts?depth=2')))
    expect(cacheKey(new URL('http://x/api/posts?draft=true'))).toBeUndefined()
    expect(cacheKey(new URL('http://x/api/posts?draft=false'))).toBe('/api/posts?draft=false')
  })

  it('makes strong ETags from the bytes and matches If-None-Match lists', () => {
    const etag = computeETag(new TextEncoder().encode('{"a":1}'))
    expect(etag).toBe(computeETag(new TextEncoder().encode('{"a":1}')))
    expect(etag).not.toBe(computeETag(new TextEncoder().encode('{"a":2}')))
    expect(matchesIfNoneMatch(`"other", ${etag}`, etag)).toBe(true)
    expect(matchesIfNoneMatch(`W/${etag}`, etag)).toBe(true)
    expect(matchesIfNoneMatch('*', etag)).toBe(true)
    expect(matchesIfNoneMatch('"other"', etag)).toBe(false)
    expect(matchesIfNoneMatch(null, etag)).toBe(false)
  })
})

describe('withResponseCache', () => {
  const handler = (size: number) => () => {
    recordDependencies(['doc:media:1'])
    return Promise.resolve(new Response(new Uint8Array(size), { headers: { 'content-type': 'image/png', 'content-length': String(size) } }))
  }

  it('keeps an answer within the entry limit, with an ETag', async () => {
    const store = createMemoryCacheStore({ maxBytes: 1_000_000, ttlMs: 60_000 })
    const cached = withResponseCache(handler(100), { store, cacheControl: 'public', cookiePrefix: 'payload', maxEntryBytes: 1000, cors: '*' })
    const response = await cached(new Request('http://folio.test/api/media/file/a.png'))
    expect(response.headers.get('etag')).toMatch(/^"/)
    expect((await store.stats()).entries).toBe(1)
  })

  it('streams a larger answer through untouched and keeps nothing', async () => {
    const store = createMemoryCacheStore({ maxBytes: 1_000_000, ttlMs: 60_000 })
    const cached = withResponseCache(handler(5000), { store, cacheControl: 'public', cookiePrefix: 'payload', maxEntryBytes: 1000, cors: '*' })
    const response = await cached(new Request('http://folio.test/api/media/file/big.png'))
    expect(response.headers.get('etag')).toBeNull()
    expect((await response.arrayBuffer()).byteLength).toBe(5000)
    expect((await store.stats()).entries).toBe(0)
  })

  describe('with the cache off', () => {
    const json = JSON.stringify({ docs: Array.from({ length: 50 }, (_, i) => ({ id: i, title: `Post ${i}` })) })
    const jsonHandler = () => () => {
      recordDependencies(['list:posts'])
      return Promise.resolve(new Response(json, { headers: { 'content-type': 'application/json' } }))
    }
    const uncached = withResponseCache(jsonHandler(), { cacheControl: 'public', cookiePrefix: 'payload', maxEntryBytes: 1_000_000, cors: '*' })
    const get = (headers: Record<string, string>) => uncached(new Request('http://folio.test/api/posts', { headers }))
    const text = async (response: Response) => {
      const bytes = Buffer.from(await response.arrayBuffer())
      const encoding = response.headers.get('content-encoding')
      return (encoding === 'br' ? zlib.brotliDecompressSync(bytes) : encoding === 'gzip' ? zlib.gunzipSync(bytes) : bytes).toString()
    }

    it.each([
      ['br', 'gzip, deflate, br', 'br'],
      ['gzip', 'gzip', 'gzip'],
      ['brotli refused', 'br;q=0, gzip', 'gzip'],
      ['no encoding', '', null],
    ])('answers in the form asked for (%s), with the same JSON', async (_, acceptEncoding, expected) => {
      const response = await get(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {})
      expect(response.status).toBe(200)
      expect(response.headers.get('content-encoding')).toBe(expected)
      expect(await text(response)).toBe(json)
    })

    it('answers 304 to a client holding the content in another encoding, with the ETag of the form it asks for now', async () => {
      const br = await get({ 'accept-encoding': 'br' })
      const gzip = await get({ 'accept-encoding': 'gzip' })
      const notModified = await get({ 'accept-encoding': 'gzip', 'if-none-match': br.headers.get('etag')! })
      expect(notModified.status).toBe(304)
      expect(notModified.headers.get('etag')).toBe(gzip.headers.get('etag'))
    })

    it('compresses an answer sent once into the one form the request prefers, not both', async () => {
      const body = new TextEncoder().encode(json)
      expect(Object.keys(await encodeBodyFor(body, 'application/json', 'gzip, deflate, br'))).toEqual(['br'])
      expect(Object.keys(await encodeBodyFor(body, 'application/json', 'gzip'))).toEqual(['gzip'])
      expect(Object.keys(await encodeBodyFor(body, 'application/json', 'identity'))).toEqual([])
      expect(Object.keys(await encodeBodyFor(body, 'application/json', null))).toEqual([])
      expect(Object.keys(await encodeBodyFor(body.slice(0, 100), 'application/json', 'br'))).toEqual([])
      expect(Object.keys(await encodeBodyFor(body, 'image/png', 'br'))).toEqual([])
    })
  })
})
