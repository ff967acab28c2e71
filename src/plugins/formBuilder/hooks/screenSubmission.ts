import { getCurrentDate, type CollectionBeforeValidateHook, type PayloadRequest } from 'payload'

import type { FormSubmission } from '@payload-types'
import { ClientError } from '@/errors/ClientError'
import { clientAddress } from '@/lib/clientAddress'
import type { ReplayGuard } from '@/lib/createReplayGuard'
import type { Limiter, RateLimitDecision } from '@/rateLimits/createRateLimits'
import { describeWait, rateLimitHeaders } from '@/rateLimits/rateLimitHeaders'
import { isApiRequest } from '@/lib/isApiRequest'
import { HONEYPOT_FIELD, TOKEN_FIELD } from '../constants'
import { assertSubmissionData } from '../lib/assertSubmissionData'
import { findSubmittedForm } from '../lib/findSubmittedForm'
import { readFormId } from '../lib/readFormId'
import { verifyFormToken } from '../lib/verifyFormToken'

type Options = { minFillMs: number; rateLimiter: Limiter; spentTokens: ReplayGuard }

function tooManySubmissions(req: PayloadRequest, decision: RateLimitDecision): ClientError {
  // Payload adds the request's response headers to error responses too.
  req.responseHeaders = new Headers(req.responseHeaders)
  for (const [name, value] of Object.entries(rateLimitHeaders(decision))) req.responseHeaders.set(name, value)
  return new ClientError(`Too many submissions from your address; try again in ${describeWait(decision.msBeforeNext)}`, 429)
}

/**
 * Runs before anything of a new submission is stored, so a refusal leaves no submission, no
 * webhook event and no email. Every submission must answer an existing form with valid values.
 * Visitors' submissions over the API must also leave the honeypot empty, carry a fresh form token
 * not used before, and stay within the per-address rate limit. Signed-in staff and Folio's own
 * Local API calls are trusted.
 */
export const screenSubmission =
  ({ minFillMs, rateLimiter, spentTokens }: Options): CollectionBeforeValidateHook<FormSubmission> =>
  async ({ data, operation, req }) => {
    if (operation !== 'create' || !data) return data
    const formId = readFormId(data.form)
    const isVisitor = isApiRequest(req) && !req.user
    const now = getCurrentDate().getTime()

    const honeypot = data[HONEYPOT_FIELD]
    if (isVisitor && honeypot !== undefined && honeypot !== null && honeypot !== '') {
      throw new ClientError(`Submission refused as spam: the hidden field "${HONEYPOT_FIELD}" must be left empty`)
    }
    const form = await findSubmittedForm(req, formId)
    const token = isVisitor ? verifyFormToken(req.payload.secret, data[TOKEN_FIELD], { formId, now, minFillMs }) : undefined
    assertSubmissionData(form, data.submissionData)

    if (token) {
      // Claimed and counted without a pause in between, so parallel requests cannot both pass.
      if (!spentTokens.claim(token.nonce, token.expiresAt, now)) {
        throw new ClientError('This form token was already used; reload the form to submit again')
      }
      const address = clientAddress(req)
      const decision = address ? await rateLimiter.consume(address) : undefined
      if (decision && !decision.allowed) {
        spentTokens.release(token.nonce)
        throw tooManySubmissions(req, decision)
      }
    }
    return data
  }
