import { randomBytes } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { kickJobRunner } from '@/jobs/jobRunner'
import type { ApiResponse } from '../helpers/apiClient'
import { runJobsUntilIdle } from '../helpers/jobs'
import { startSmtpListener, type SmtpListener } from '../helpers/smtpListener'
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
let smtp: SmtpListener
let addressNumber = 0

/** A visitor's address of its own. */
const newAddress = () => `198.51.100.${++addressNumber}`

const login = (address: string, email: string, password: string) =>
  server.api('/api/users/login', { method: 'POST', headers: { 'X-Forwarded-For': address }, json: { email, password } })

const forgotPassword = (address: string, email: string) =>
  server.api('/api/users/forgot-password', { method: 'POST', headers: { 'X-Forwarded-For': address }, json: { email } })

const failedEvaluations = async (email: string) =>
  (await server.payload.count({ collection: 'audit-log', where: { and: [{ userEmail: { equals: email } }, { reason: { in: ['wrong-password', 'unknown-user'] } }] } })).totalDocs

/** Sign-ins that succeeded, as the audit log records them. */
const signIns = async (email: string) =>
  (await server.payload.count({ collection: 'audit-log', where: { and: [{ userEmail: { equals: email } }, { action: { equals: 'login' } }] } })).totalDocs

/** The account's reset token as stored (hidden from every API). */
async function resetTokenOf(email: string): Promise<string | undefined> {
  const stored = await server.payload.db.findOne<{ id: string; resetPasswordToken?: string | null }>({ collection: 'users', where: { email: { equals: email } } })
  return stored?.resetPasswordToken || undefined
}

/**
 * Payload sends an account at most one reset email per 15 seconds and notes when it did: clearing
 * the note plays those seconds passing, so that a request that got through would send an email.
 */
async function letResetIntervalPass(email: string): Promise<void> {
  await server.payload.db.updateOne({ collection: 'users', where: { email: { equals: email } }, data: { resetPasswordRequestedAt: null }, returning: false })
}

/** Emails the SMTP listener received for `address`, once every queued job has run. */
async function emailsTo(address: string) {
  await runJobsUntilIdle(server.payload)
  return smtp.emails.filter((email) => email.to.includes(address))
}

const unknownEmail = () => `nobody-${randomBytes(4).toString('hex')}@folio.test`

/** Status, message and code: everything a client could tell two refusals apart by. */
const visible = (response: ApiResponse) => ({ status: response.status, errors: response.body.errors })

const SMTP_SETTINGS = ['SMTP_HOST', 'SMTP_PORT', 'EMAIL_FROM_ADDRESS', 'EMAIL_FROM_NAME']

beforeAll(async () => {
  smtp = await startSmtpListener()
  Object.assign(process.env, LIMITS, {
    TRUST_PROXY: 'true',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    EMAIL_FROM_ADDRESS: 'folio@folio.test',
    EMAIL_FROM_NAME: 'Folio',
  })
  server = await startTestServer('account_protection')
})

afterAll(async () => {
  for (const name of [...Object.keys(LIMITS), 'TRUST_PROXY', ...SMTP_SETTINGS]) delete process.env[name]
  await server?.stop()
  await smtp?.close()
})

describe('sign-in throttling', () => {
  let owner: SignedInUser

  beforeAll(async () => {
    owner = await createSignedInUser(server.payload, server.api, 'author')
  })

  it('throttles an account from the address guessing at it, and never its owner elsewhere', async () => {
    const attacker = newAddress()
    for (let attempt = 0; attempt < 5; attempt++) expect((await login(attacker, owner.email, `guess-${attempt}`)).status).toBe(401)
    const signedInBefore = await signIns(owner.email)
    const throttled = await login(attacker, owner.email, owner.password)
    expect(throttled.status).toBe(429)
    expect(throttled.body.token).toBeUndefined()
    expect(throttled.body.errors[0]).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many failed sign-ins for this account from your address; try again in \d+ minutes$/) })
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(14 * 60)
    // The right password from the attacker's address signed nobody in.
    expect(await signIns(owner.email)).toBe(signedInBefore)

    const fromHome = await login(newAddress(), owner.email, owner.password)
    expect(fromHome.status).toBe(200)
    expect(fromHome.body.token).toBeTruthy()
    expect(await signIns(owner.email)).toBe(signedInBefore + 1)
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
    expect(refused.body.token).toBeUndefined()
    // createSignedInUser signed in once; the refused attempt with the right password added nothing.
    const signedInBefore = await signIns(target.email)
    expect(signedInBefore).toBe(1)

    const admin = await createSignedInUser(server.payload, server.api, 'admin')
    const unlock = await server.api('/api/users/unlock', { method: 'POST', token: admin.token, headers: { 'X-Forwarded-For': newAddress() }, json: { email: target.email } })
    expect(unlock.status).toBe(200)
    const unlocked = await server.payload.db.findOne<{ id: string; loginAttempts?: number; lockUntil?: string | null }>({ collection: 'users', where: { email: { equals: target.email } } })
    expect(unlocked?.loginAttempts ?? 0).toBe(0)
    expect(unlocked?.lockUntil ?? null).toBeNull()
    expect(await server.payload.count({ collection: 'audit-log', where: { and: [{ action: { equals: 'unlock' } }, { documentId: { equals: target.user.id } }] } })).toEqual({ totalDocs: 1 })
    expect((await login(newAddress(), target.email, target.password)).status).toBe(200)
    expect(await signIns(target.email)).toBe(signedInBefore + 1)
  })

  it('throttles an address trying many accounts, even with the right password of one', async () => {
    const bystander = await createSignedInUser(server.payload, server.api, 'author')
    const signedInBefore = await signIns(bystander.email)
    const attacker = newAddress()
    for (let attempt = 0; attempt < 12; attempt++) expect((await login(attacker, unknownEmail(), 'guess')).status).toBe(401)
    const refused = await login(attacker, bystander.email, bystander.password)
    expect(refused.status).toBe(429)
    expect(refused.body.errors[0].message).toMatch(/^Too many sign-in attempts from your address/)
    expect(refused.body.token).toBeUndefined()
    expect(await signIns(bystander.email)).toBe(signedInBefore)
    // The account itself is not held back elsewhere.
    expect((await login(newAddress(), bystander.email, bystander.password)).status).toBe(200)
    expect(await signIns(bystander.email)).toBe(signedInBefore + 1)
  })

  it('counts no successful sign-in against anyone', async () => {
    const regular = await createSignedInUser(server.payload, server.api, 'author')
    const office = newAddress()
    const signedInBefore = await signIns(regular.email)
    for (let attempt = 0; attempt < 15; attempt++) expect((await login(office, regular.email, regular.password)).status).toBe(200)
    expect(await signIns(regular.email)).toBe(signedInBefore + 15)
  })
})

describe('password resets', () => {
  it('answers the same for an account and for an email without one, and queues the reset', async () => {
    const account = await createSignedInUser(server.payload, server.api, 'author')
    const ghost = unknownEmail()
    const known = await forgotPassword(newAddress(), account.email)
    const unknown = await forgotPassword(newAddress(), ghost)
    expect(known.status).toBe(200)
    expect(known.body).toEqual(unknown.body)
    kickJobRunner(server.payload)
    const token = await waitFor(() => resetTokenOf(account.email), 'the reset token')
    expect(token).toMatch(/^[0-9a-f]{40}$/)
    const [email] = await emailsTo(account.email)
    expect(email.text).toContain(token)
    // The email without an account got nothing, and no account was made for it.
    expect(await emailsTo(ghost)).toEqual([])
    expect(await server.payload.count({ collection: 'users', where: { email: { equals: ghost } } })).toEqual({ totalDocs: 0 })
  })

  it('limits requests per email, the same for emails without an account', async () => {
    const account = await createSignedInUser(server.payload, server.api, 'author')
    const ghost = unknownEmail()
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await forgotPassword(newAddress(), account.email)).status).toBe(200)
      expect((await forgotPassword(newAddress(), ghost)).status).toBe(200)
      expect(await emailsTo(account.email)).toHaveLength(attempt + 1)
      await letResetIntervalPass(account.email)
    }
    const lastToken = await resetTokenOf(account.email)
    const [real, fake] = [await forgotPassword(newAddress(), account.email), await forgotPassword(newAddress(), ghost)]
    expect(real.status).toBe(429)
    expect(visible(real)).toEqual(visible(fake))
    expect(real.headers.get('retry-after')).toBeTruthy()
    // The refused request sent no email and issued no new token.
    expect(await emailsTo(account.email)).toHaveLength(2)
    expect(await resetTokenOf(account.email)).toBe(lastToken)
  })

  it('limits requests per address, whichever email is asked for', async () => {
    const account = await createSignedInUser(server.payload, server.api, 'author')
    const sender = newAddress()
    for (let attempt = 0; attempt < 6; attempt++) expect((await forgotPassword(sender, unknownEmail())).status).toBe(200)
    const refused = await forgotPassword(sender, account.email)
    expect(refused.status).toBe(429)
    expect(refused.body.errors[0].message).toMatch(/^Too many password reset requests from your address/)
    expect(await emailsTo(account.email)).toEqual([])
    expect(await resetTokenOf(account.email)).toBeUndefined()
    // The same request from elsewhere goes through: the refusal above was the address's.
    expect((await forgotPassword(newAddress(), account.email)).status).toBe(200)
    expect(await emailsTo(account.email)).toHaveLength(1)
  })

  it('refuses a malformed email with 400', async () => {
    const response = await forgotPassword(newAddress(), 'not an email')
    expect(response.status).toBe(400)
    expect(response.body.errors[0].code).toBe('VALIDATION_FAILED')
  })

  it('sends resets through REST only: the GraphQL mutation is refused', async () => {
    const account = await createSignedInUser(server.payload, server.api, 'author')
    const response = await server.api('/api/graphql', {
      method: 'POST',
      headers: { 'X-Forwarded-For': newAddress() },
      json: { query: `mutation { forgotPasswordUser(email: "${account.email}") }` },
    })
    expect(response.body.errors[0].message).toMatch(/POST \/api\/users\/forgot-password/)
    expect(await resetTokenOf(account.email)).toBeUndefined()
    expect(await emailsTo(account.email)).toEqual([])
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
    // Answered from the cache, before Express: the budget counts them all the same.
    expect(last!.headers.get('x-cache')).toBe('HIT')
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
