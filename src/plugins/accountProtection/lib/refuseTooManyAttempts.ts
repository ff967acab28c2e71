import type { PayloadRequest } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { ErrorCode } from '@/errors/errorCodes'
import type { RateLimitDecision } from '@/rateLimits/createRateLimits'
import { describeWait, rateLimitHeaders } from '@/rateLimits/rateLimitHeaders'

/** The 429 for a throttled sign-in or reset: the same words whether the account exists or not. */
export function refuseTooManyAttempts(req: PayloadRequest, decision: RateLimitDecision, what: string): ClientError {
  // Payload adds the request's response headers to error responses too.
  req.responseHeaders = new Headers(req.responseHeaders)
  for (const [name, value] of Object.entries(rateLimitHeaders(decision))) req.responseHeaders.set(name, value)
  return new ClientError(`Too many ${what}; try again in ${describeWait(decision.msBeforeNext)}`, 429, { code: ErrorCode.RateLimited })
}
