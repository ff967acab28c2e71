import { _internal_jobSystemGlobals, _internal_resetJobSystemGlobals, type PayloadRequest } from 'payload'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { Form } from '@payload-types'
import { ClientError } from '@/errors/ClientError'
import { CLIENT_ADDRESS_HEADER } from '@/lib/clientAddress'
import { createReplayGuard } from '@/lib/createReplayGuard'
import { screenSubmission } from '@/plugins/formBuilder/hooks/screenSubmission'
import { createFormToken } from '@/plugins/formBuilder/lib/createFormToken'
import type { Limiter, RateLimitDecision } from '@/rateLimits/createRateLimits'

// The hook on its own, with a request as Payload hands it over: a visitor over REST, signed-in
// staff, or Folio's own Local API call. tests/int/forms.int.spec.ts covers it behind the real API.

const SECRET = 'a-secret-of-this-folio'
const FORM_ID = '0123456789abcdef01234567'
const NOW = Date.UTC(2030, 0, 31, 9, 0, 0)
const MIN_FILL_MS = 3000
const VISITOR = '203.0.113.7'
const LIMIT = { points: 3, durationMs: 10 * 60 * 1000 }

const form: Pick<Form, 'id' | 'fields'> = { id: FORM_ID, fields: [{ blockType: 'text', name: 'name', label: 'Name', required: true }] }
const answers = [{ field: 'name', value: 'Ada' }]

type Caller = 'visitor' | 'staff' | 'local'

/** A limiter that allows `allowed` submissions and records the keys it counted. */
function fakeLimiter(allowed: number) {
  const counted: string[] = []
  const limiter: Limiter = {
    limit: LIMIT,
    consume: (key) => {
      counted.push(key)
      const decision: RateLimitDecision = { allowed: counted.length <= allowed, limit: LIMIT, remaining: allowed - counted.length, msBeforeNext: 42_000 }
      return Promise.resolve(decision)
    },
    reward: async () => {},
    reset: async () => {},
  }
  return { limiter, counted }
}

function setUp({ allowed = 10 }: { allowed?: number } = {}) {
  const { limiter, counted } = fakeLimiter(allowed)
  const spentTokens = createReplayGuard()
  const formLookups: unknown[] = []
  const hook = screenSubmission({ minFillMs: MIN_FILL_MS, rateLimiter: limiter, spentTokens })

  function request(caller: Caller, { address = VISITOR }: { address?: string | null } = {}) {
    const headers = new Headers(address === null ? {} : { [CLIENT_ADDRESS_HEADER]: address })
    const payload = {
      secret: SECRET,
      db: {
        findOne: (query: unknown) => {
          formLookups.push(query)
          return Promise.resolve(form)
        },
      },
    }
    return {
      payloadAPI: caller === 'local' ? 'local' : 'REST',
      user: caller === 'staff' ? { id: 'u1', collection: 'users', role: 'editor' } : null,
      headers,
      payload,
    } as unknown as PayloadRequest
  }

  function screen(data: Record<string, unknown> | undefined, req: PayloadRequest, operation: 'create' | 'update' = 'create') {
    return hook({ data, operation, req } as Parameters<typeof hook>[0])
  }

  return { screen, request, counted, spentTokens, formLookups }
}

/** A token issued when the visitor loaded the form, long enough ago to be accepted now. */
const freshToken = () => createFormToken(SECRET, FORM_ID, NOW - MIN_FILL_MS)
const submission = (extra: Record<string, unknown> = {}) => ({ form: FORM_ID, submissionData: answers, formToken: freshToken(), ...extra })

async function refusal(run: () => Promise<unknown>): Promise<{ status: number; message: string } | undefined> {
  try {
    await run()
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(ClientError)
    return { status: (error as ClientError).status, message: (error as ClientError).message }
  }
}

beforeEach(() => {
  _internal_jobSystemGlobals.getCurrentDate = () => new Date(NOW)
})

afterEach(() => {
  _internal_resetJobSystemGlobals()
})

describe('screening a new form submission', () => {
  it('lets a visitor submit with a fresh token, counting the submission against their address', async () => {
    const { screen, request, counted } = setUp()
    const data = submission()
    expect(await screen(data, request('visitor'))).toBe(data)
    expect(counted).toEqual([VISITOR])
  })

  it.each([undefined, null, ''])('accepts an empty honeypot (%j)', async (website) => {
    const { screen, request } = setUp()
    const data = submission({ website })
    expect(await screen(data, request('visitor'))).toBe(data)
  })

  it.each(['https://spam.example.com', ' ', 0, false])('refuses a visitor who filled in the honeypot (%j), before anything is looked up or counted', async (website) => {
    const { screen, request, counted, formLookups } = setUp()
    expect(await refusal(() => screen(submission({ website }), request('visitor')))).toEqual({
      status: 400,
      message: 'Submission refused as spam: the hidden field "website" must be left empty',
    })
    expect(formLookups).toEqual([])
    expect(counted).toEqual([])
  })

  it('refuses a visitor without a token, and counts nothing', async () => {
    const { screen, request, counted } = setUp()
    expect(await refusal(() => screen(submission({ formToken: undefined }), request('visitor')))).toEqual({
      status: 400,
      message: `A form token is required: get one from GET /api/forms/${FORM_ID}/token when showing the form and send it as "formToken"`,
    })
    expect(counted).toEqual([])
  })

  it('refuses a visitor who sends the form back sooner than the minimum fill time', async () => {
    const { screen, request } = setUp()
    const early = createFormToken(SECRET, FORM_ID, NOW - MIN_FILL_MS + 1)
    expect((await refusal(() => screen(submission({ formToken: early }), request('visitor'))))?.status).toBe(400)
  })

  it('refuses values that do not fit the form, and counts nothing', async () => {
    const { screen, request, counted } = setUp()
    expect(await refusal(() => screen(submission({ submissionData: [] }), request('visitor')))).toEqual({ status: 400, message: 'Missing required field: "name"' })
    expect(counted).toEqual([])
  })

  it('refuses a token used before, without counting the second submission', async () => {
    const { screen, request, counted } = setUp()
    const data = submission()
    await screen(data, request('visitor'))
    expect(await refusal(() => screen({ ...data }, request('visitor')))).toEqual({
      status: 400,
      message: 'This form token was already used; reload the form to submit again',
    })
    expect(counted).toEqual([VISITOR])
  })

  it('refuses a visitor over the rate limit with 429 and the rate-limit headers', async () => {
    const { screen, request } = setUp({ allowed: 1 })
    await screen(submission(), request('visitor'))
    const req = request('visitor')
    expect(await refusal(() => screen(submission(), req))).toEqual({ status: 429, message: 'Too many submissions from your address; try again in 42 seconds' })
    expect(Object.fromEntries(req.responseHeaders ?? [])).toEqual({
      'ratelimit-limit': '3',
      'ratelimit-policy': '3;w=600',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '42',
      'retry-after': '42',
    })
  })

  it('keeps the headers the request already had when it refuses over the rate limit', async () => {
    const { screen, request } = setUp({ allowed: 0 })
    const req = request('visitor')
    req.responseHeaders = new Headers({ 'X-Request-Id': 'r1' })
    await refusal(() => screen(submission(), req))
    expect(req.responseHeaders.get('x-request-id')).toBe('r1')
    expect(req.responseHeaders.get('retry-after')).toBe('42')
  })

  it('gives the token back when the rate limit refuses it, so the visitor can send it once allowed', async () => {
    const { screen, request, spentTokens } = setUp({ allowed: 0 })
    const formToken = freshToken()
    await refusal(() => screen(submission({ formToken }), request('visitor')))
    const nonce = formToken.split('.')[2]
    expect(spentTokens.claim(nonce, NOW + 1000, NOW)).toBe(true)
  })

  it('does not count a visitor whose address is unknown', async () => {
    const { screen, request, counted } = setUp({ allowed: 0 })
    const data = submission()
    expect(await screen(data, request('visitor', { address: null }))).toBe(data)
    expect(counted).toEqual([])
  })

  it.each(['staff', 'local'] as const)('trusts %s: no honeypot, token or rate limit, but the values must fit the form', async (caller) => {
    const { screen, request, counted } = setUp({ allowed: 0 })
    const data = { form: FORM_ID, submissionData: answers, website: 'filled in' }
    expect(await screen(data, request(caller))).toBe(data)
    expect(counted).toEqual([])
    expect(await refusal(() => screen({ form: FORM_ID, submissionData: [] }, request(caller)))).toEqual({ status: 400, message: 'Missing required field: "name"' })
  })

  it('refuses a submission for a form id that is missing, to staff too', async () => {
    const { screen, request } = setUp()
    expect(await refusal(() => screen({ submissionData: answers }, request('staff')))).toEqual({
      status: 400,
      message: 'Missing "form": the id of the form this submission answers',
    })
  })

  it('leaves updates to the collection access rules: nothing is screened, looked up or counted', async () => {
    const { screen, request, counted, formLookups } = setUp()
    const data = { website: 'filled in', submissionData: [] }
    expect(await screen(data, request('visitor'), 'update')).toBe(data)
    expect(formLookups).toEqual([])
    expect(counted).toEqual([])
  })

  it('passes a create without data on untouched', async () => {
    const { screen, request, counted, formLookups } = setUp()
    expect(await screen(undefined, request('visitor'))).toBeUndefined()
    expect(formLookups).toEqual([])
    expect(counted).toEqual([])
  })
})
