import { randomBytes } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { kickJobRunner } from '@/jobs/jobRunner'
import type { ApiResponse } from '../helpers/apiClient'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser, type SignedInUser } from '../helpers/users'
import { waitFor } from '../helpers/waitFor'

/**
 * Sign-ins, password resets and API use are throttled (rate-limiter-flexible) without letting
 * anyone lock out an account's owner or learn which emails have accounts. TRUST_PROXY is on, so
 * each test plays visitors of its own addresses through X-Forwarded-For.
 */

const LIMITS = {
  RATE_LIMIT_LOGIN_ADDRESS: '12/15m',
  RATE_LIMIT_LOGIN_ACCOUNT_ADDRESS: '5/15m',
  RATE_LIMIT_LOGIN_ACCOUNT: '8/1h',
  RATE_LIMIT_PASSWORD_RESET_ADDRESS: '6/1h',
  RATE_LIMIT_PASSWORD_RESET_ACCOUNT: '2/1h',
  RATE_LIMIT_API_ADDRESS: '60/1m',
  RATE_LIMIT_API_KEY: '100/1m',
  RATE_LIMIT_GRAPHQL_COST: '50/1m',
}

let server: TestServer
let addressNumber = 0

/** A visitor's address of its own. */
const newAddress = () => `198.51.100.${++addressNumber}`

const login = (address: string, email: string, password: string) =>
  server.api('/api/users/login', { method: 'POST', headers: { 'X-Forwarded-For': address }, json: { email, password } })

const forgotPassword = (address: string, email: string) =>
  server.api('/api/users/forgot-password', { method: 'POST', headers: { 'X-Forwarded-For': address }, json: { email } })

const failedEvaluations = async (email: string) =>
  (await server.payload.count({ collection: 'audit-log', where: { and: [{ userEmail: { equals: email } }, { reason: { in: ['wrong-password', 'unknown-user'] } }] } })).totalDocs

const unknownEmail = () => `nobody-${randomBytes(4).toString('hex')}@folio.test`

/** Status, message and code: everything a client could tell two refusals apart by. */
const visible = (response: ApiResponse) => ({ status: response.status, errors: response.body.errors })

beforeAll(async () => {
  Object.assign(process.env, LIMITS, { TRUST_PROXY: 'true' })
  server = await startTestServer('account_protection')
})

afterAll(async () => {
  for (const name of [...Object.keys(LIMITS), 'TRUST_PROXY']) delete process.env[name]
  await server?.stop()
})

describe('sign-in throttling', () => {
  let owner: SignedInUser

  beforeAll(async () => {
    owner = await createSignedInUser(server.payload, server.api, 'author')
  })

  it('throttles an account from the address guessing at it, and never its owner elsewhere', async () => {
    const attacker = newAddress()
    for (let attempt = 0; attempt < 5; attempt++) expect((await login(attacker, owner.email, `guess-${attempt}`)).status).toBe(401)
    const throttled = await login(attacker, owner.email, owner.password)
    expect(throttled.status).toBe(429)
    expect(throttled.body.token).toBeUndefined()
    expect(throttled.body.errors[0]).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many failed sign-ins for this account from your address; try again in \d+ minutes$/) })
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(14 * 60)

    const fromHome = await login(newAddress(), owner.email, owner.password)
    expect(fromHome.status).toBe(200)
    expect(fromHome.body.token).toBeTruthy()
  })

  it('answers an unknown email exactly as a real one, before and after throttling', async () => {
    const attacker = newAddress()
    const ghost = unknownEmail()
    const real = await createSignedInUser(server.payload, server.api, 'author')
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(visible(await login(attacker, ghost, 'guess'))).toEqual(visible(await login(attacker, real.email, 'guess')))
    }
    const [ghostThrottled, realThrottled] = [await login(attacker, ghost, 'guess'), await login(attacker, real.email, 'guess')]
    expect(realThrottled.status).toBe(429)
    expect(visible(ghostThrottled)).toEqual(visible(realThrottled))
  })

  it('answers an unknown email as slowly as a wrong password', async () => {
    const real = await createSignedInUser(server.payload, server.api, 'author')
    const timeOf = async (email: string) => {
      const started = performance.now()
      expect((await login(newAddress(), email, 'not-the-password')).status).toBe(401)
      return performance.now() - started
    }
    const wrongPassword: number[] = []
    const unknown: number[] = []
    // Interleaved, so a busy moment of the machine weighs on both alike.
    for (let round = 0; round < 7; round++) {
      wrongPassword.push(await timeOf(real.email))
      unknown.push(await timeOf(unknownEmail()))
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
    const ratio = median(unknown) / median(wrongPassword)
    // Without the dummy password check an unknown email answers about ten times faster.
    expect(ratio).toBeGreaterThan(0.6)
    expect(ratio).toBeLessThan(1.7)
  })

  it('evaluates at most the limit of a burst of 50 parallel guesses', async () => {
    const target = await createSignedInUser(server.payload, server.api, 'author')
    const attacker = newAddress()
    const answers = await Promise.all(Array.from({ length: 50 }, (_, index) => login(attacker, target.email, `burst-${index}`)))
    const statuses = answers.map((answer) => answer.status)
    expect(statuses.filter((status) => status === 401)).toHaveLength(5)
    expect(statuses.filter((status) => status === 429)).toHaveLength(45)
    expect(await failedEvaluations(target.email)).toBe(5)
  })

  it('throttles an account guessed at from many addresses (the hard limit), until an admin unlocks it', async () => {
    const target = await createSignedInUser(server.payload, server.api, 'author')
    // 8 failures per hour from anywhere: two addresses of 4 stay under the per-address limit.
    for (let attempt = 0; attempt < 8; attempt++) expect((await login(newAddress(), target.email, `spread-${attempt}`)).status).toBe(401)
    const refused = await login(newAddress(), target.email, target.password)
    expect(refused.status).toBe(429)
    expect(refused.body.errors[0].message).toMatch(/^Too many failed sign-ins for this account; try again in/)

    const admin = await createSignedInUser(server.payload, server.api, 'admin')
    const unlock = await server.api('/api/users/unlock', { method: 'POST', token: admin.token, headers: { 'X-Forwarded-For': newAddress() }, json: { email: target.email } })
    expect(unlock.status).toBe(200)
    expect((await login(newAddress(), target.email, target.password)).status).toBe(200)
  })

  it('throttles an address trying many accounts', async () => {
    const attacker = newAddress()
    for (let attempt = 0; attempt < 12; attempt++) expect((await login(attacker, unknownEmail(), 'guess')).status).toBe(401)
    const refused = await login(attacker, unknownEmail(), 'guess')
    expect(refused.status).toBe(429)
    expect(refused.body.errors[0].message).toMatch(/^Too many sign-in attempts from your address/)
  })

  it('counts no successful sign-in against anyone', async () => {
    const regular = await createSignedInUser(server.payload, server.api, 'author')
    const office = newAddress()
    for (let attempt = 0; attempt < 15; attempt++) expect((await login(office, regular.email, regular.password)).status).toBe(200)
  })
})

describe('password resets', () => {
  it('answers the same for an account and for an email without one, and queues the reset', async () => {
    const account = await createSignedInUser(server.payload, server.api, 'author')
    const known = await forgotPassword(newAddress(), account.email)
    const unknown = await forgotPassword(newAddress(), unknownEmail())
    expect(known.status).toBe(200)
    expect(known.body).toEqual(unknown.body)
    kickJobRunner(server.payload)
    const token = await waitFor(async () => {
      const stored = await server.payload.db.findOne<{ id: string; resetPasswordToken?: string }>({ collection: 'users', where: { email: { equals: account.email } } })
      return stored?.resetPasswordToken || undefined
    }, 'the reset token')
    expect(token).toMatch(/^[0-9a-f]{40}$/)
  })

  it('limits requests per email, the same for emails without an account', async () => {
    const account = await createSignedInUser(server.payload, server.api, 'author')
    const ghost = unknownEmail()
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await forgotPassword(newAddress(), account.email)).status).toBe(200)
      expect((await forgotPassword(newAddress(), ghost)).status).toBe(200)
    }
    const [real, fake] = [await forgotPassword(newAddress(), account.email), await forgotPassword(newAddress(), ghost)]
    expect(real.status).toBe(429)
    expect(visible(real)).toEqual(visible(fake))
    expect(real.headers.get('retry-after')).toBeTruthy()
  })

  it('limits requests per address', async () => {
    const sender = newAddress()
    for (let attempt = 0; attempt < 6; attempt++) expect((await forgotPassword(sender, unknownEmail())).status).toBe(200)
    const refused = await forgotPassword(sender, unknownEmail())
    expect(refused.status).toBe(429)
    expect(refused.body.errors[0].message).toMatch(/^Too many password reset requests from your address/)
  })

  it('refuses a malformed email with 400', async () => {
    const response = await forgotPassword(newAddress(), 'not an email')
    expect(response.status).toBe(400)
    expect(response.body.errors[0].code).toBe('VALIDATION_FAILED')
  })

  it('sends resets through REST only: the GraphQL mutation is refused', async () => {
    const response = await server.api('/api/graphql', {
      method: 'POST',
      headers: { 'X-Forwarded-For': newAddress() },
      json: { query: 'mutation { forgotPasswordUser(email: "someone@folio.test") }' },
    })
    expect(response.body.errors[0].message).toMatch(/POST \/api\/users\/forgot-password/)
  })
})

describe('API rate limits', () => {
  it('limits requests per address, with RateLimit headers on every answer', async () => {
    const visitor = newAddress()
    let last: ApiResponse | undefined
    for (let request = 0; request < 60; request++) {
      last = await server.api('/api/categories?limit=1', { headers: { 'X-Forwarded-For': visitor } })
      expect(last.status).toBe(200)
    }
    expect(last!.headers.get('ratelimit-remaining')).toBe('0')
    expect(last!.headers.get('ratelimit-limit')).toBe('60')
    const refused = await server.api('/api/categories?limit=1', { headers: { 'X-Forwarded-For': visitor } })
    expect(refused.status).toBe(429)
    expect(refused.body.errors[0]).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests from your address/) })
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await server.api('/api/categories?limit=1', { headers: { 'X-Forwarded-For': newAddress() } })).status).toBe(200)
  })

  it('gives an accepted API key its own budget, and an invented one none', async () => {
    const integration = await createSignedInUser(server.payload, server.api, 'editor')
    const apiKey = randomBytes(16).toString('hex')
    await server.payload.update({ collection: 'users', id: integration.user.id, data: { enableAPIKey: true, apiKey } })
    const buildServer = newAddress()
    for (let request = 0; request < 80; request++) {
      const response = await server.api('/api/categories?limit=1', { apiKey, headers: { 'X-Forwarded-For': buildServer } })
      expect(response.status).toBe(200)
    }
    const attacker = newAddress()
    const invented = await Promise.all(
      Array.from({ length: 61 }, () => server.api('/api/categories?limit=1', { apiKey: randomBytes(16).toString('hex'), headers: { 'X-Forwarded-For': attacker } })),
    )
    expect(invented.filter((response) => response.status === 429)).toHaveLength(1)
  })

  it('charges GraphQL by the fields a query selects', async () => {
    const visitor = newAddress()
    const graphql = (aliases: number) =>
      server.api('/api/graphql', {
        method: 'POST',
        headers: { 'X-Forwarded-For': visitor },
        json: { query: `{ ${Array.from({ length: aliases }, (_, index) => `c${index}: Categories(limit: 1) { totalDocs }`).join(' ')} }` },
      })
    const first = await graphql(20) // 40 fields
    expect(first.status).toBe(200)
    const second = await graphql(10) // 20 more: over 50
    expect(second.status).toBe(429)
    expect(second.body.errors[0]).toMatchObject({ message: expect.stringMatching(/^GraphQL budget used up/), extensions: { code: 'RATE_LIMITED' } })
    const elsewhere = await server.api('/api/graphql', { method: 'POST', headers: { 'X-Forwarded-For': newAddress() }, json: { query: '{ Categories(limit: 1) { totalDocs } }' } })
    expect(elsewhere.status).toBe(200)
  })
})
