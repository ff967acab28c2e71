import { afterAll, describe, expect, it } from 'vitest'

import { startBuiltServer, type BuiltServer } from '../helpers/startBuiltServer'
import { startRedis, type RedisServer } from '../helpers/startRedis'
import { waitFor } from '../helpers/waitFor'

let redis: RedisServer | undefined
let first: BuiltServer | undefined
let second: BuiltServer | undefined

afterAll(async () => {
  await second?.stop()
  await first?.stop()
  await redis?.stop()
})

const anonymous = async (server: BuiltServer, path: string) => {
  const response = await fetch(`${server.url}${path}`)
  return { status: response.status, cache: response.headers.get('x-cache'), body: response.status === 200 ? await response.json() : undefined }
}

/** Reads on `server` until `check` holds, for at most `withinMs`. */
function readUntil(server: BuiltServer, path: string, check: (read: Awaited<ReturnType<typeof anonymous>>) => boolean, withinMs: number) {
  return waitFor(async () => {
    const read = await anonymous(server, path)
    return check(read) ? read : undefined
  }, `${path} to be fresh`, { timeoutMs: withinMs })
}

describe('the response cache shared through Redis by two instances', () => {
  it('serves one instance from what the other cached, and a write on either is seen by both at once', async () => {
    redis = await startRedis()
    const env = { FOLIO_ADMIN: 'false', REDIS_URL: redis.url }
    first = await startBuiltServer('cache-instances', env)
    // Jobs run in the first only: this test is about the cache.
    second = await startBuiltServer('cache-instances', { ...env, FOLIO_JOBS: 'false' }, { environment: first.environment })

    const credentials = { email: 'admin@folio.test', password: 'cache-instances-password' }
    expect((await first.api('/api/users/first-register', { method: 'POST', json: { ...credentials, name: 'Admin' } })).status).toBe(200)
    const token = (await first.api('/api/users/login', { method: 'POST', json: credentials })).body.token
    const created = await first.api('/api/posts', { method: 'POST', token, json: { title: 'Shared title', _status: 'published' } })
    const path = `/api/posts/${created.body.doc.id}?depth=1`
    const list = '/api/posts?limit=10&depth=0'

    expect((await anonymous(second, path)).cache).toBe('MISS')
    const fromOther = await anonymous(first, path)
    expect(fromOther.cache).toBe('HIT')
    expect(fromOther.body.title).toBe('Shared title')
    await anonymous(first, list)
    expect((await anonymous(second, list)).cache).toBe('HIT')

    const edited = await first.api(`/api/posts/${created.body.doc.id}`, { method: 'PATCH', token, json: { title: 'Edited on the first' } })
    expect(edited.status).toBe(200)
    const afterEdit = await anonymous(second, path)
    expect(afterEdit.body.title).toBe('Edited on the first')
    expect((await anonymous(second, list)).body.docs[0].title).toBe('Edited on the first')

    const secondToken = (await second.api('/api/users/login', { method: 'POST', json: credentials })).body.token
    await anonymous(first, path)
    expect((await second.api(`/api/posts/${created.body.doc.id}`, { method: 'DELETE', token: secondToken })).status).toBe(200)
    await readUntil(first, path, (read) => read.status === 404, 1000)
    await readUntil(first, list, (read) => read.body.totalDocs === 0, 1000)
  }, 120_000)
})
