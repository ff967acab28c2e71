import { handleEndpoints } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { cacheKey } from '@/cache/cacheKey'
import { withResponseCache } from '@/cache/withResponseCache'
import { rawGet, type RawAnswer } from '../helpers/rawGet'
import { startTestServer, type TestServer } from '../helpers/startTestServer'

/**
 * The response cache must agree with Payload on who is asking: whatever spelling of credentials
 * Payload accepts, the signed-in answer is never stored for anonymous readers, and a request with
 * credentials is never answered from the anonymous cache.
 */

let server: TestServer
const DRAFT_TITLE = 'Unpublished launch plan'
const API_KEY = 'folio-cache-credentials-api-key-0123456789'
const TRUSTED_ORIGIN = 'http://localhost:3000'

type Spelling = {
  name: string
  /** Header lines sent as they are, `{jwt}` and `{key}` replaced by the admin's credentials. */
  headers: [string, string][]
  /** Whether Payload signs the request in (checked against /api/users/me, not assumed). */
  acceptedByPayload: boolean
}

const SPELLINGS: Spelling[] = [
  { name: 'cookie, trusted Origin', headers: [['Origin', TRUSTED_ORIGIN], ['Cookie', 'payload-token={jwt}']], acceptedByPayload: true },
  { name: 'cookie with a space before "=" (the reported leak)', headers: [['Origin', TRUSTED_ORIGIN], ['Cookie', 'payload-token ={jwt}']], acceptedByPayload: true },
  { name: 'cookie name padded with spaces', headers: [['Origin', TRUSTED_ORIGIN], ['Cookie', '   payload-token   ={jwt}']], acceptedByPayload: true },
  { name: 'cookie among others', headers: [['Origin', TRUSTED_ORIGIN], ['Cookie', 'theme=dark; payload-token={jwt}; lang=en']], acceptedByPayload: true },
  { name: 'duplicate cookie names, the real token last', headers: [['Origin', TRUSTED_ORIGIN], ['Cookie', 'payload-token=bogus; payload-token={jwt}']], acceptedByPayload: true },
  { name: 'duplicate cookie names, the real token first', headers: [['Origin', TRUSTED_ORIGIN], ['Cookie', 'payload-token={jwt}; payload-token=bogus']], acceptedByPayload: false },
  { name: 'token in a second Cookie header', headers: [['Origin', TRUSTED_ORIGIN], ['Cookie', 'theme=dark'], ['Cookie', 'payload-token={jwt}']], acceptedByPayload: true },
  { name: 'token in the first of two Cookie headers', headers: [['Origin', TRUSTED_ORIGIN], ['Cookie', 'payload-token={jwt}'], ['Cookie', 'theme=dark']], acceptedByPayload: true },
  { name: 'cookie name in upper case', headers: [['Origin', TRUSTED_ORIGIN], ['Cookie', 'PAYLOAD-TOKEN={jwt}']], acceptedByPayload: false },
  { name: 'quoted cookie value', headers: [['Origin', TRUSTED_ORIGIN], ['Cookie', 'payload-token="{jwt}"']], acceptedByPayload: false },
  { name: 'quoted cookie name', headers: [['Origin', TRUSTED_ORIGIN], ['Cookie', '"payload-token"={jwt}']], acceptedByPayload: false },
  { name: 'cookie without Origin, same-origin fetch', headers: [['Sec-Fetch-Site', 'same-origin'], ['Cookie', 'payload-token={jwt}']], acceptedByPayload: true },
  { name: 'cookie without Origin or Sec-Fetch-Site', headers: [['Cookie', 'payload-token={jwt}']], acceptedByPayload: false },
  { name: 'cookie from an untrusted Origin', headers: [['Origin', 'https://attacker.example'], ['Cookie', 'payload-token={jwt}']], acceptedByPayload: false },
  { name: 'Authorization: JWT', headers: [['Authorization', 'JWT {jwt}']], acceptedByPayload: true },
  { name: 'Authorization: Bearer', headers: [['Authorization', 'Bearer {jwt}']], acceptedByPayload: true },
  { name: 'Authorization: jwt in lower case', headers: [['Authorization', 'jwt {jwt}']], acceptedByPayload: false },
  { name: 'header name in upper case', headers: [['AUTHORIZATION', 'JWT {jwt}']], acceptedByPayload: true },
  { name: 'API key', headers: [['Authorization', 'users API-Key {key}']], acceptedByPayload: true },
  { name: 'API key with a trusted Origin', headers: [['Origin', TRUSTED_ORIGIN], ['Authorization', 'users API-Key {key}']], acceptedByPayload: true },
  { name: 'API key scheme in other case', headers: [['Authorization', 'Users api-key {key}']], acceptedByPayload: false },
]

function lines(spelling: Spelling): [string, string][] {
  return spelling.headers.map(([name, value]) => [name, value.replace('{jwt}', server.admin.token).replace('{key}', API_KEY)])
}

const json = (answer: RawAnswer) => JSON.parse(answer.body)
const titlesIn = (answer: RawAnswer): string[] => {
  const body = json(answer)
  return (body.docs ?? body.data?.Posts?.docs ?? []).map((doc: { title: string }) => doc.title)
}

/** Two ways to read the list of posts, each given a query of its own per case. */
const FAMILIES = [
  { name: 'REST', url: (n: number) => `/api/posts?depth=0&sort=title&limit=${n}` },
  { name: 'GraphQL by GET', url: (n: number) => `/api/graphql?query=${encodeURIComponent(`{ Posts(limit: ${n}, sort: "title") { docs { title } } }`)}` },
]

let nextLimit = 20
const freshLimit = () => nextLimit++

const isStored = async (path: string) => (await server.cache.store!.get(cacheKey(new URL(path, server.url))!)) !== undefined

beforeAll(async () => {
  server = await startTestServer('cache_credentials')
  await server.payload.update({ collection: 'users', id: server.admin.user.id, data: { enableAPIKey: true, apiKey: API_KEY } })
  await server.payload.create({ collection: 'posts', data: { title: 'Published note', _status: 'published' } })
  await server.payload.create({ collection: 'posts', data: { title: DRAFT_TITLE, _status: 'draft' } })
})

afterAll(async () => {
  await server?.stop()
})

describe.each(SPELLINGS)('credentials spelled as: $name', (spelling) => {
  it('are accepted or refused by Payload as the table says', async () => {
    const me = json(await rawGet(server.url, '/api/users/me', lines(spelling)))
    expect(me.user?.id ?? null).toBe(spelling.acceptedByPayload ? server.admin.user.id : null)
  })

  it.each(FAMILIES)('after an anonymous read ($name): never answered from the cache, never marked shareable', async (family) => {
    const path = family.url(freshLimit())
    const anonymous = await rawGet(server.url, path)
    expect(anonymous.headers['x-cache']).toBe('MISS')
    expect(await isStored(path)).toBe(true)

    const staff = await rawGet(server.url, path, lines(spelling))
    expect(staff.status).toBe(200)
    expect(staff.headers['x-cache']).toBeUndefined()
    expect(staff.headers['cache-control']).toBe('private, no-store')
    expect(titlesIn(staff).includes(DRAFT_TITLE)).toBe(spelling.acceptedByPayload)
  })

  it.each(FAMILIES)('before an anonymous read ($name): the signed-in answer is not stored, anonymous readers never see the draft', async (family) => {
    const path = family.url(freshLimit())
    const staff = await rawGet(server.url, path, lines(spelling))
    expect(staff.status).toBe(200)
    expect(titlesIn(staff).includes(DRAFT_TITLE)).toBe(spelling.acceptedByPayload)
    expect(await isStored(path)).toBe(false)

    const first = await rawGet(server.url, path)
    expect(first.headers['x-cache']).toBe('MISS')
    const second = await rawGet(server.url, path)
    expect(second.headers['x-cache']).toBe('HIT')
    for (const answer of [first, second]) {
      expect(titlesIn(answer)).toContain('Published note')
      expect(titlesIn(answer)).not.toContain(DRAFT_TITLE)
    }
  })
})

describe("Payload's own decision as the last word", () => {
  // A cache whose credential check knows another cookie name cannot recognise Payload's cookie:
  // only Payload's authentication of the request keeps the staff answer out of the store.
  const blindCache = () =>
    withResponseCache((request) => handleEndpoints({ config: server.payload.config, request }), {
      store: server.cache.store,
      cacheControl: 'public, max-age=60',
      cookiePrefix: 'some-other-app',
      maxEntryBytes: 1_000_000,
      cors: server.payload.config.cors,
    })

  it('does not store, and marks private, an answer Payload gave to a signed-in user', async () => {
    const path = `/api/posts?depth=0&sort=title&limit=${freshLimit()}`
    const response = await blindCache()(
      new Request(new URL(path, TRUSTED_ORIGIN), { headers: { Origin: TRUSTED_ORIGIN, Cookie: `payload-token=${server.admin.token}` } }),
    )
    const body = await response.json()
    expect(body.docs.map((doc: { title: string }) => doc.title)).toContain(DRAFT_TITLE)
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    expect(response.headers.get('etag')).toBeNull()
    expect(await isStored(path)).toBe(false)

    const anonymous = await rawGet(server.url, path)
    expect(anonymous.headers['x-cache']).toBe('MISS')
    expect(titlesIn(anonymous)).not.toContain(DRAFT_TITLE)
  })

  it('still stores what Payload answered anonymously', async () => {
    const path = `/api/posts?depth=0&sort=title&limit=${freshLimit()}`
    const response = await blindCache()(new Request(new URL(path, TRUSTED_ORIGIN)))
    expect(response.headers.get('x-cache')).toBe('MISS')
    expect(await isStored(path)).toBe(true)
  })
})
