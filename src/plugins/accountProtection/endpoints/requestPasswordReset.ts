import type { Endpoint, PayloadHandler } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { ErrorCode } from '@/errors/errorCodes'
import { kickJobRunner } from '@/jobs/jobRunner'
import { EMAIL_QUEUE } from '@/jobs/queues'
import type { RateLimits } from '@/rateLimits/createRateLimits'
import { accountKeys, normalizeEmail } from '../lib/loginKeys'
import { refuseTooManyAttempts } from '../lib/refuseTooManyAttempts'
import { SEND_PASSWORD_RESET_TASK } from '../tasks/sendPasswordResetTask'
import { errorResponses, jsonResponse, type EndpointDocumentation } from '@/lib/endpointDocumentation'

const EMAIL = /^[^\s@]+@[^\s@]+$/

/**
 * Takes the place of Payload's `POST /<auth collection>/forgot-password`: the same answer in the
 * same time whether the account exists or not, because the reset itself (token, email) runs in a
 * queued job. Limited per address and per email.
 */
export function requestPasswordReset(rateLimits: RateLimits): Endpoint {
  const handler: PayloadHandler = async (req) => {
    const body = (await req.json?.().catch(() => undefined)) as { email?: unknown } | undefined
    const email = normalizeEmail(body?.email)
    if (!email || !EMAIL.test(email)) {
      throw new ClientError('"email" must be the email address of the account', 400, { code: ErrorCode.ValidationFailed })
    }
    const keys = accountKeys(req, email)
    const byAddress = await rateLimits.passwordResetPerAddress.consume(keys.address)
    if (!byAddress.allowed) throw refuseTooManyAttempts(req, byAddress, 'password reset requests from your address')
    const byAccount = await rateLimits.passwordResetPerAccount.consume(keys.account)
    if (!byAccount.allowed) throw refuseTooManyAttempts(req, byAccount, 'password reset requests for this email')
    await req.payload.jobs.queue({ task: SEND_PASSWORD_RESET_TASK as never, queue: EMAIL_QUEUE, input: { collection: req.routeParams?.collection, email, requestedFrom: keys.address } as never, req })
    kickJobRunner(req.payload)
    return Response.json({ message: 'If an account has this email, a link to reset its password is on its way.' })
  }
  const openapi: EndpointDocumentation = {
    summary: 'Ask for a password reset email',
    description: 'The same answer, in the same time, whether an account has the email or not. Limited per address and per email.',
    security: [],
    requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } } } } },
    responses: {
      200: jsonResponse('Accepted', { type: 'object', required: ['message'], properties: { message: { type: 'string' } } }),
      ...errorResponses({ 400: 'Not an email', 429: 'Too many requests; Retry-After says when to try again' }),
    },
  }
  return { path: '/forgot-password', method: 'post', handler, custom: { openapi } }
}
