import zlib from 'node:zlib'

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { rawGet, type RawAnswer } from '../helpers/rawGet'
import { startTestServer, type TestServer } from '../helpers/startTestServer'

// Cache hits with rate limits off, as a benchmark or a trusted network runs Folio: the store in
// memory and no limiter to ask, so a hit is answered without waiting for anything (serveCacheHits).
// What a hit sends is worked out once per entry, encoding, method and origin and then picked: these
// tests alternate all of them to catch an answer prepared for one request reaching another.

const SITE = 'https://www.example.test'
const SHOP = 'https://shop.example.test'
const LIST = '/api/categories?limit=30&depth=0&sort=title'

let server: TestServer

const get = (path: string, headers: [string, string][] = [], method = 'GET') => rawGet(server.url, path, headers, method)

function decoded(answer: RawAnswer): string {
  const encoding = answer.headers['content-encoding']
  const bytes = encoding === 'br' ? zlib.brotliDecompressSync(answer.bytes) : encoding === 'gzip' ? zlib.gunzipSync(answer.bytes) : answer.bytes
  return bytes.toString('utf8')
}

const repeatedNames = (answer: RawAnswer) => answer.headerLines.map(([name]) => name).filter((name, i, all) => all.indexOf(name) !== i)

beforeAll(async () => {
  process.env.RATE_LIMITS = 'false'
  process.env.CORS_ORIGINS = `${SITE},${SHOP}`
  server = await startTestServer('cache-hit-path')
  for (let i = 0; i < 24; i++) {
    await server.payload.create({ collection: 'categories', data: { title: `Hit path category ${String(i).padStart(2, '0')} with a title long enough to compress` } })
  }
})

afterAll(async () => {
  delete process.env.RATE_LIMITS
  delete process.env.CORS_ORIGINS
  await server?.stop()
})

describe('cache hits answered at once', () => {
  it('send the miss’s bytes and headers, each header once, read from memory without waiting', async () => {
    const store = server.cache.store!
    const gets = vi.spyOn(store, 'get')
    try {
      const miss = await get(LIST)
      expect(miss.headers['x-cache']).toBe('MISS')
      const hit = await get(LIST)
      expect(hit.headers['x-cache']).toBe('HIT')
      expect(hit.body).toBe(miss.body)
      expect(JSON.parse(hit.body).docs).toHaveLength(24)
      const names = (answer: RawAnswer) => answer.headerLines.map(([name]) => name).filter((name) => name !== 'date').sort()
      expect(names(hit)).toEqual(names(miss))
      for (const [name, value] of miss.headerLines) {
        if (!['date', 'x-cache'].includes(name)) expect(hit.headers[name], name).toBe(value)
      }
      expect(repeatedNames(hit)).toEqual([])
      expect(hit.headers['content-security-policy']).toBeDefined()
      expect(hit.headers['ratelimit-limit']).toBeDefined()
      // The in-memory store answered the hit directly: its asynchronous read was never needed.
      expect(gets).not.toHaveBeenCalled()
    } finally {
      gets.mockRestore()
    }
  })

  it('keep encodings, origins and HEAD apart when they alternate', async () => {
    const plain = await get(LIST)
    const expected = plain.body
    const etags = new Map<string, string>()
    const origins: (string | undefined)[] = [SITE, SHOP, 'https://evil.test', undefined]
    for (let round = 0; round < 3; round++) {
      for (const acceptEncoding of ['identity', 'br', 'gzip', 'gzip, deflate, br']) {
        for (const [index, origin] of origins.entries()) {
          const method = (round + index) % 2 === 0 ? 'GET' : 'HEAD'
          const headers: [string, string][] = [['Accept-Encoding', acceptEncoding], ...(origin ? [['Origin', origin] as [string, string]] : [])]
          const answer = await get(LIST, headers, method)
          const what = `${method} ${acceptEncoding} from ${origin ?? 'no origin'}`
          expect(answer.status, what).toBe(200)
          expect(answer.headers['x-cache'], what).toBe('HIT')
          expect(repeatedNames(answer), what).toEqual([])
          const encoding = acceptEncoding === 'identity' ? undefined : acceptEncoding === 'gzip' ? 'gzip' : 'br'
          expect(answer.headers['content-encoding'], what).toBe(encoding)
          expect(answer.headers['access-control-allow-origin'], what).toBe(origin === SITE || origin === SHOP ? origin : undefined)
          const etag = String(answer.headers.etag)
          expect(etags.get(acceptEncoding) ?? etag, what).toBe(etag)
          etags.set(acceptEncoding, etag)
          if (method === 'HEAD') {
            expect(answer.bytes.byteLength, what).toBe(0)
          } else {
            expect(decoded(answer), what).toBe(expected)
            expect(Number(answer.headers['content-length']), what).toBe(answer.bytes.byteLength)
          }
        }
      }
    }
    expect(new Set([etags.get('identity'), etags.get('br'), etags.get('gzip')]).size).toBe(3)
    expect(etags.get('gzip, deflate, br')).toBe(etags.get('br'))
    // A client holding the brotli form revalidates while asking for gzip: the same content, 304, no body.
    const revalidated = await get(LIST, [['Accept-Encoding', 'gzip'], ['If-None-Match', etags.get('br')!], ['Origin', SHOP]])
    expect(revalidated.status).toBe(304)
    expect(revalidated.bytes.byteLength).toBe(0)
    expect(revalidated.headers['content-type']).toBeUndefined()
    expect(revalidated.headers['access-control-allow-origin']).toBe(SHOP)
    expect(repeatedNames(revalidated)).toEqual([])
  })
})
