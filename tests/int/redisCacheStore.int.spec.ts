import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createRedisCacheStore } from '@/cache/createRedisCacheStore'
import { encodeBody } from '@/cache/encodings'
import type { CacheStore, CachedResponse } from '@/cache/types'
import { startRedis, type RedisServer } from '../helpers/startRedis'
import { waitUntil } from '../helpers/waitFor'

let redis: RedisServer
const stores: CacheStore[] = []
const warnings: string[] = []

function store(prefix: string): CacheStore {
  const created = createRedisCacheStore({ url: redis.url, ttlMs: 60_000, prefix, log: { warn: (_object, message) => warnings.push(message) } })
  stores.push(created)
  return created
}

const entry = (tags: string[], text = '{"ok":true}'): CachedResponse => ({
  status: 200,
  headers: [['content-type', 'application/json']],
  body: new TextEncoder().encode(text),
  etag: '"e"',
  tags,
  storedAt: Date.now(),
})

beforeAll(async () => {
  redis = await startRedis()
})

afterAll(async () => {
  for (const created of stores) await created.close()
  await redis?.stop()
})

describe('Redis cache store', () => {
  it('shares entries between instances, and an invalidation by one drops them for all', async () => {
    const [a, b] = [store('{shared}:'), store('{shared}:')]
    await waitUntil(async () => (await a.set('/api/posts', entry(['list:posts'], '{"docs":[1]}'), await a.mark())) === true, 'the store to answer')
    const seen = await b.get('/api/posts')
    expect(new TextDecoder().decode(seen!.body)).toBe('{"docs":[1]}')
    expect(seen!.tags).toEqual(['list:posts'])

    await b.set('/api/categories', entry(['list:categories']), await b.mark())
    await a.invalidate(['list:posts'])
    expect(await b.get('/api/posts')).toBeUndefined()
    expect(await a.get('/api/categories')).toBeDefined()
  })

  it('keeps an answer’s compressed forms beside its body, byte for byte', async () => {
    const a = store('{encoded}:')
    const body = new TextEncoder().encode(JSON.stringify({ docs: Array.from({ length: 200 }, (_, i) => ({ title: `Post ${i}` })) }))
    const encoded = await encodeBody(body, 'application/json')
    expect(encoded.br!.byteLength).toBeLessThan(body.byteLength)
    expect(encoded.gzip!.byteLength).toBeLessThan(body.byteLength)
    await waitUntil(async () => (await a.set('/api/posts?limit=50', { ...entry(['list:posts']), body, encoded }, await a.mark())) === true, 'the store to answer')
    const seen = await a.get('/api/posts?limit=50')
    expect(Buffer.from(seen!.body).equals(Buffer.from(body))).toBe(true)
    expect(Buffer.from(seen!.encoded!.br!).equals(Buffer.from(encoded.br!))).toBe(true)
    expect(Buffer.from(seen!.encoded!.gzip!).equals(Buffer.from(encoded.gzip!))).toBe(true)
    expect(seen!.etag).toBe('"e"')

    // An entry without compressed forms (too small to gain) comes back without them.
    await a.set('/api/small', entry(['list:posts'], '{"docs":[]}'), await a.mark())
    const small = await a.get('/api/small')
    expect(new TextDecoder().decode(small!.body)).toBe('{"docs":[]}')
    expect(small!.encoded).toEqual({})
  })

  it('refuses an answer computed before one of its tags was invalidated elsewhere', async () => {
    const [a, b] = [store('{race}:'), store('{race}:')]
    await waitUntil(async () => (await a.set('warm', entry(['t']), await a.mark())) === true, 'the store to answer')
    const mark = await a.mark()
    await b.invalidate(['doc:posts:1'])
    expect(await a.set('stale', entry(['doc:posts:1']), mark)).toBe(false)
    expect(await a.set('unaffected', entry(['doc:posts:2']), mark)).toBe(true)
  })

  it('answers without the cache while Redis is down, and forgets everything an unsent invalidation concerned', async () => {
    const a = store('{outage}:')
    await waitUntil(async () => (await a.set('/api/pages', entry(['list:pages']), await a.mark())) === true, 'the store to answer')
    await redis.stop()
    expect(await a.get('/api/pages')).toBeUndefined()
    await a.invalidate(['list:pages'])
    expect(warnings.some((message) => message.includes('did not reach Redis'))).toBe(true)

    // Redis keeps nothing on disk here, so simulate an entry that survived the outage.
    await redis.restart()
    const other = store('{outage}:')
    await waitUntil(async () => (await other.set('/api/pages', entry(['list:pages']), await other.mark())) === true, 'the store to answer')
    await waitUntil(async () => (await other.get('/api/pages')) === undefined, 'the store to answer')
    expect(await a.get('/api/pages')).toBeUndefined()
  })
})
