import { describe, expect, it } from 'vitest'

import type { Form } from '@payload-types'
import { ClientError } from '@/errors/ClientError'
import { TOKEN_MAX_AGE_MS } from '@/plugins/formBuilder/constants'
import { assertSubmissionData } from '@/plugins/formBuilder/lib/assertSubmissionData'
import { createFormToken } from '@/plugins/formBuilder/lib/createFormToken'
import { signFormToken } from '@/plugins/formBuilder/lib/signFormToken'
import { verifyFormToken } from '@/plugins/formBuilder/lib/verifyFormToken'

const SECRET = 'a-secret-of-this-folio'
const FORM_ID = '0123456789abcdef01234567'
const ISSUED_AT = Date.UTC(2030, 0, 31, 9, 0, 0)
const MIN_FILL_MS = 3000

/** The 400 a client gets, or undefined when the call passes. */
function refusal(run: () => unknown): { status: number; message: string } | undefined {
  try {
    run()
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(ClientError)
    return { status: (error as ClientError).status, message: (error as ClientError).message }
  }
}

/** A token with the given claims, signed as this Folio signs them. */
const signed = (claims: string) => `${claims}.${signFormToken(SECRET, claims)}`

describe('form tokens', () => {
  const check = (token: unknown, now = ISSUED_AT + MIN_FILL_MS, formId = FORM_ID) => verifyFormToken(SECRET, token, { formId, now, minFillMs: MIN_FILL_MS })

  it('accepts a token this Folio issued for the form, and names its nonce and expiry', () => {
    const token = createFormToken(SECRET, FORM_ID, ISSUED_AT)
    const [, , nonce, signature] = token.split('.')
    expect(signature).toMatch(/^[\w-]{43}$/)
    expect(check(token)).toEqual({ nonce, expiresAt: ISSUED_AT + 24 * 60 * 60 * 1000 })
  })

  it('tells a client without a token where to get one', () => {
    for (const token of [undefined, null, '', 42, ['a.b.c.d']]) {
      expect(refusal(() => check(token)), JSON.stringify(token)).toEqual({
        status: 400,
        message: `A form token is required: get one from GET /api/forms/${FORM_ID}/token when showing the form and send it as "formToken"`,
      })
    }
  })

  it('refuses tokens this Folio did not sign, or not in its shape', () => {
    const token = createFormToken(SECRET, FORM_ID, ISSUED_AT)
    const [formId, issued, nonce, signature] = token.split('.')
    const invalid = [
      createFormToken('another-secret', FORM_ID, ISSUED_AT),
      `${formId}.${Number(issued) - 1000}.${nonce}.${signature}`,
      `${formId}.${issued}.${nonce}x.${signature}`,
      `${formId}.${issued}.${nonce}.${signature.slice(1)}`,
      `${formId}.${issued}.${nonce}.${signature}A`,
      `${formId}.${issued}.${nonce}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`,
      `${formId}.${issued}.${nonce}`,
      `${token}.extra`,
      `${formId}.${issued}.${nonce}.`,
      'not-a-token',
      '...',
      // Signed, but without a nonce or with a time that is not a whole number of milliseconds.
      signed(`${FORM_ID}.${ISSUED_AT}.`),
      signed(`${FORM_ID}.soon.${nonce}`),
      signed(`${FORM_ID}.${ISSUED_AT + 0.5}.${nonce}`),
      signed(`${FORM_ID}.${2 ** 53}.${nonce}`),
    ]
    for (const forged of invalid) {
      expect(refusal(() => check(forged, Number.MAX_SAFE_INTEGER)), forged).toEqual({ status: 400, message: 'Invalid form token; reload the form to get a new one' })
    }
  })

  it('refuses the token of another form', () => {
    const token = createFormToken(SECRET, 'fedcba9876543210fedcba98', ISSUED_AT)
    expect(refusal(() => check(token))).toEqual({ status: 400, message: 'The form token was issued for another form; reload the form to get a new one' })
  })

  it('refuses a submission sent sooner than the minimum fill time, and accepts it from then on', () => {
    const token = createFormToken(SECRET, FORM_ID, ISSUED_AT)
    for (const now of [ISSUED_AT - 60_000, ISSUED_AT, ISSUED_AT + MIN_FILL_MS - 1]) {
      expect(refusal(() => check(token, now))).toEqual({ status: 400, message: 'Submitted too quickly after the form was loaded; take a moment and submit again' })
    }
    expect(refusal(() => check(token, ISSUED_AT + MIN_FILL_MS))).toBeUndefined()
  })

  it('accepts a token for 24 hours and refuses it after', () => {
    const token = createFormToken(SECRET, FORM_ID, ISSUED_AT)
    expect(refusal(() => check(token, ISSUED_AT + TOKEN_MAX_AGE_MS))).toBeUndefined()
    expect(refusal(() => check(token, ISSUED_AT + TOKEN_MAX_AGE_MS + 1))).toEqual({
      status: 400,
      message: 'The form token has expired (forms must be sent within 24 hours); reload the form and submit again',
    })
  })

  it('gives every visit a token of its own', () => {
    const first = createFormToken(SECRET, FORM_ID, ISSUED_AT)
    const second = createFormToken(SECRET, FORM_ID, ISSUED_AT)
    expect(first).not.toBe(second)
    expect(check(first).nonce).not.toBe(check(second).nonce)
  })
})

describe('form token signatures', () => {
  it('depend on the secret and on every character of the claims', () => {
    const claims = `${FORM_ID}.${ISSUED_AT}.nonce`
    expect(signFormToken(SECRET, claims)).toBe(signFormToken(SECRET, claims))
    expect(signFormToken(SECRET, claims)).not.toBe(signFormToken('another-secret', claims))
    expect(signFormToken(SECRET, claims)).not.toBe(signFormToken(SECRET, `${claims}x`))
    expect(signFormToken(SECRET, claims)).toMatch(/^[\w-]{43}$/)
  })
})

type Field = NonNullable<Form['fields']>[number]

const FIELDS = [
  { blockType: 'text', name: 'name', label: 'Name', required: true },
  { blockType: 'email', name: 'email', label: 'Email', required: true },
  { blockType: 'email', name: 'cc', label: 'Copy to' },
  { blockType: 'select', name: 'topic', label: 'Topic', options: [{ label: 'Sales', value: 'sales' }, { label: 'Support', value: 'support' }] },
  { blockType: 'select', name: 'free', label: 'Anything' },
  { blockType: 'checkbox', name: 'terms', label: 'I agree', required: true },
  { blockType: 'checkbox', name: 'newsletter', label: 'Newsletter' },
  { blockType: 'text', name: 'seats', label: 'Seats' },
  { blockType: 'message', message: null },
] as Field[]

const form: Pick<Form, 'fields'> = { fields: FIELDS }

const VALID = [
  { field: 'name', value: 'Ada' },
  { field: 'email', value: 'ada@example.com' },
  { field: 'terms', value: true },
]

const check = (submissionData: unknown, fields: Pick<Form, 'fields'> = form) => refusal(() => assertSubmissionData(fields, submissionData))
const refusedWith = (message: string) => ({ status: 400, message })
const replacing = (field: string, value: unknown) => [...VALID.filter((entry) => entry.field !== field), { field, value }]

describe('submission values', () => {
  it('accepts values that answer the form', () => {
    expect(check(VALID)).toBeUndefined()
    expect(
      check([
        ...VALID,
        { field: 'cc', value: '  bo@mail.example.org ' },
        { field: 'topic', value: 'support' },
        { field: 'free', value: 'whatever' },
        { field: 'newsletter', value: false },
        { field: 'seats', value: 0 },
      ]),
    ).toBeUndefined()
    expect(check([...VALID, { field: 'cc', value: null }, { field: 'topic', value: '' }, { field: 'seats', value: null }])).toBeUndefined()
    expect(check(replacing('terms', 'on'))).toBeUndefined()
    expect(check(replacing('name', 'false'))).toBeUndefined()
    expect(check(undefined, { fields: [] })).toBeUndefined()
    expect(check(null, { fields: null })).toBeUndefined()
  })

  it('refuses values that are not a list of { field, value } entries with text, numbers, booleans or null', () => {
    const shapes = [
      'name=Ada',
      { field: 'name', value: 'Ada' },
      [...VALID, null],
      [...VALID, 'name'],
      [...VALID, { value: 'x' }],
      [...VALID, { field: 7, value: 'x' }],
      [...VALID, { field: 'seats' }],
      replacing('name', { $ne: '' }),
      replacing('name', ['Ada']),
    ]
    for (const submissionData of shapes) {
      expect(check(submissionData), JSON.stringify(submissionData)).toEqual(
        refusedWith('"submissionData" must be a list of { field, value } entries, each value a string, number, boolean or null'),
      )
    }
  })

  it('refuses values for fields the form does not have, naming them', () => {
    expect(check([...VALID, { field: 'admin', value: 'yes' }])).toEqual(refusedWith('Unknown form field: "admin"'))
    expect(check([{ field: 'x', value: 1 }, ...VALID, { field: 'y', value: 2 }])).toEqual(refusedWith('Unknown form fields: "x", "y"'))
    expect(check([...VALID, { field: 'message', value: 'hi' }])).toEqual(refusedWith('Unknown form field: "message"'))
  })

  it('refuses a list with a hole in it (a Local API caller\'s undefined) as a bad shape, not with a crash', () => {
    expect(check([...VALID, undefined])).toEqual(
      refusedWith('"submissionData" must be a list of { field, value } entries, each value a string, number, boolean or null'),
    )
  })

  it('ignores a field still without a name: no value answers it, and it requires none', () => {
    const unfinished = { fields: [...FIELDS, { blockType: 'text', name: '', label: 'Unfinished', required: true }] as Field[] }
    expect(check(VALID, unfinished)).toBeUndefined()
    expect(check([...VALID, { field: '', value: 'x' }], unfinished)).toEqual(refusedWith('Unknown form field: ""'))
  })

  it('refuses a field sent more than once, naming it once', () => {
    expect(check([...VALID, { field: 'name', value: 'Bo' }])).toEqual(refusedWith('Form field sent more than once: "name"'))
    expect(check([...VALID, { field: 'name', value: 'Bo' }, { field: 'name', value: 'Cy' }, { field: 'email', value: 'a@b.co' }])).toEqual(
      refusedWith('Form field sent more than once: "name", "email"'),
    )
  })

  it('refuses missing and blank required fields, naming them', () => {
    expect(check(VALID.filter((entry) => entry.field !== 'email'))).toEqual(refusedWith('Missing required field: "email"'))
    expect(check(undefined)).toEqual(refusedWith('Missing required fields: "name", "email", "terms"'))
    expect(check([])).toEqual(refusedWith('Missing required fields: "name", "email", "terms"'))
    for (const blank of ['', '   ', null, false]) {
      expect(check(replacing('name', blank)), JSON.stringify(blank)).toEqual(refusedWith('Missing required field: "name"'))
    }
  })

  it('refuses a required checkbox left unticked', () => {
    for (const unticked of [false, 'false', '', null]) {
      expect(check(replacing('terms', unticked)), JSON.stringify(unticked)).toEqual(refusedWith('Missing required field: "terms"'))
    }
  })

  it('refuses an email field holding anything but one address', () => {
    const notOne = ['ada', 'ada@example', '@example.com', 'ada@.com.', 'ada@@example.com', 'a b@example.com', 'a@example.com, b@example.com', 'a@example.com;b@example.com', '<a@example.com>', 'Ada <a@example.com>', 'a@ex ample.com', 'a@example.com\nBcc: x@example.com']
    for (const value of notOne) {
      expect(check(replacing('email', value)), value).toEqual(refusedWith('Field "email" must be one email address'))
    }
    expect(check([...VALID, { field: 'cc', value: 'nobody' }])).toEqual(refusedWith('Field "cc" must be one email address'))
    expect(check(replacing('email', 42))).toEqual(refusedWith('Field "email" must be one email address'))
    expect(check(replacing('email', true))).toEqual(refusedWith('Field "email" must be one email address'))
  })

  it('refuses a select value that is not one of its options, naming them', () => {
    for (const value of ['billing', 'Sales', 'sales ', 1, true]) {
      expect(check([...VALID, { field: 'topic', value }]), JSON.stringify(value)).toEqual(refusedWith('Field "topic" must be one of: "sales", "support"'))
    }
    expect(check([...VALID, { field: 'topic', value: 'sales' }])).toBeUndefined()
  })
})
