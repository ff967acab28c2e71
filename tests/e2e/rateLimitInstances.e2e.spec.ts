import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startBuiltServer, type BuiltServer } from '../helpers/startBuiltServer'
import { startRedis, type RedisServer } from '../helpers/startRedis'

/** Two instances sharing one Redis count every rate limit together: a client gains nothing by alternating. */

let redis: RedisServer
let first: BuiltServer
let second: BuiltServer
let credentials: { email: string; password: string }

beforeAll(async () => {
  redis = await startRedis()
  const env = {
    FOLIO_ADMIN: 'false',
    REDIS_URL: redis.url,
    TRUST_PROXY: 'true',
    RATE_LIMIT_LOGIN_ACCOUNT_ADDRESS: '3/15m',
    RATE_LIMIT_API_ADDRESS: '30/1m',
  }
  first = await startBuiltServer('rate-limit-instances', env)
  second = await startBuiltServer('rate-limit-instances', { ...env, FOLIO_JOBS: 'false' }, { environment: first.environment })
  credentials = { email: 'admin@folio.test', password: 'rate-limit-instances-password' }
  const registered = await first.api('/api/users/first-register', { method: 'POST', headers: { 'X-Forwarded-For': '192.0.2.1' }, json: { ...credentials, name: 'Admin' } })
  expect(registered.status).toBe(200)
}, 180_000)

afterAll(async () => {
  await second?.stop()
  await first?.stop()
  await redis?.stop()
})

const login = (server: BuiltServer, address: string, password: string) =>
  server.api('/api/users/login', { method: 'POST', headers: { 'X-Forwarded-For': address }, json: { email: credentials.email, password } })

describe('rate limits shared through Redis', () => {
  it('count failed sign-ins made on either instance together', async () => {
    const attacker = '192.0.2.10'
    expect((await login(first, attacker, 'guess-1')).status).toBe(401)
    expect((await login(second, attacker, 'guess-2')).status).toBe(401)
    expect((await login(first, attacker, 'guess-3')).status).toBe(401)
    const throttled = await login(second, attacker, credentials.password)
    expect(throttled.status).toBe(429)
    expect(throttled.body.errors[0].code).toBe('RATE_LIMITED')
    // The owner, elsewhere, is not locked out on either instance.
    expect((await login(first, '192.0.2.11', credentials.password)).status).toBe(200)
  })

  it('count API requests made on either instance together', async () => {
    const visitor = '192.0.2.20'
    for (let request = 0; request < 30; request++) {
      const server = request % 2 === 0 ? first : second
      expect((await server.api('/api/categories?limit=1', { headers: { 'X-Forwarded-For': visitor } })).status).toBe(200)
    }
    const [onFirst, onSecond] = await Promise.all([
      first.api('/api/categories?limit=1', { headers: { 'X-Forwarded-For': visitor } }),
      second.api('/api/categories?limit=1', { headers: { 'X-Forwarded-For': visitor } }),
    ])
    expect([onFirst.status, onSecond.status]).toEqual([429, 429])
    expect(Number(onSecond.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('keep answering from memory while Redis is down', async () => {
    await redis.stop()
    const response = await first.api('/api/categories?limit=1', { headers: { 'X-Forwarded-For': '192.0.2.30' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('ratelimit-limit')).toBe('30')
  })
})
