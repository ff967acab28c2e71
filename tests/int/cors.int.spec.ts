import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { rawGet } from '../helpers/rawGet'
import { startTestServer, type TestServer } from '../helpers/startTestServer'

const SITE = 'https://www.example.test'
const SHOP = 'https://shop.example.test'

let server: TestServer

beforeAll(async () => {
  process.env.CORS_ORIGINS = `${SITE},${SHOP}`
  server = await startTestServer('cors')
  await server.payload.create({ collection: 'categories', data: { title: 'Shared answer' } })
})

afterAll(async () => {
  delete process.env.CORS_ORIGINS
  await server?.stop()
})

describe('CORS with several allowed origins', () => {
  it('names each caller\'s own origin, also when the answer comes from the cache', async () => {
    const path = '/api/categories?limit=5&depth=0'
    const first = await rawGet(server.url, path, [['Origin', SITE]])
    expect(first.headers['x-cache']).toBe('MISS')
    expect(first.headers['access-control-allow-origin']).toBe(SITE)
    const second = await rawGet(server.url, path, [['Origin', SHOP]])
    expect(second.headers['x-cache']).toBe('HIT')
    expect(second.body).toBe(first.body)
    expect(second.headers['access-control-allow-origin']).toBe(SHOP)
    const stranger = await rawGet(server.url, path, [['Origin', 'https://evil.test']])
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined()
    const none = await rawGet(server.url, path)
    expect(none.headers['access-control-allow-origin']).toBeUndefined()
    for (const answer of [first, second, stranger, none]) expect(String(answer.headers.vary)).toMatch(/Origin/)
    // Each origin's headers are worked out once and remembered: asked again in turn, each still gets its own.
    for (const [origin, allowed] of [[SHOP, SHOP], ['https://evil.test', undefined], [SITE, SITE], [undefined, undefined], [SHOP, SHOP]] as const) {
      const again = await rawGet(server.url, path, origin ? [['Origin', origin]] : [])
      expect(again.headers['x-cache']).toBe('HIT')
      expect(again.headers['access-control-allow-origin'], origin).toBe(allowed)
    }
  })
})
