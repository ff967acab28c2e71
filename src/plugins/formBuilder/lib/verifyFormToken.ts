import { timingSafeEqual } from 'node:crypto'

import { ClientError } from '@/errors/ClientError'
import { TOKEN_FIELD, TOKEN_MAX_AGE_MS } from '../constants'
import { signFormToken } from './signFormToken'

export type VerifiedFormToken = { nonce: string; expiresAt: number }

type Check = { formId: string; now: number; minFillMs: number }

function isSignedBy(secret: string, claims: string, signature: string): boolean {
  const expected = Buffer.from(signFormToken(secret, claims))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

/**
 * Checks a submission's form token: signed by this Folio, issued for this form, at least
 * `minFillMs` and at most 24 hours old. Throws a 400 naming what is wrong.
 */
export function verifyFormToken(secret: string, token: unknown, { formId, now, minFillMs }: Check): VerifiedFormToken {
  if (typeof token !== 'string' || token === '') {
    throw new ClientError(`A form token is required: get one from GET /api/forms/${formId}/token when showing the form and send it as "${TOKEN_FIELD}"`)
  }
  const parts = token.split('.')
  const [tokenFormId, issued, nonce, signature] = parts
  const issuedAt = Number(issued)
  if (parts.length !== 4 || !nonce || !signature || !Number.isSafeInteger(issuedAt) || !isSignedBy(secret, parts.slice(0, 3).join('.'), signature)) {
    throw new ClientError('Invalid form token; reload the form to get a new one')
  }
  if (tokenFormId !== formId) throw new ClientError('The form token was issued for another form; reload the form to get a new one')
  const age = now - issuedAt
  if (age < minFillMs) throw new ClientError('Submitted too quickly after the form was loaded; take a moment and submit again')
  if (age > TOKEN_MAX_AGE_MS) throw new ClientError('The form token has expired (forms must be sent within 24 hours); reload the form and submit again')
  return { nonce, expiresAt: issuedAt + TOKEN_MAX_AGE_MS }
}
