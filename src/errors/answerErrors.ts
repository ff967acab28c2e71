import type { AfterErrorHook } from 'payload'

import { classifyClientFault } from './classifyClientFault'
import { codeFor } from './errorCodes'

/**
 * Payload's last word on every REST error (config `hooks.afterError`): client faults that Payload
 * would answer with a 500 get their 4xx (classifyClientFault), and every error entry gets its
 * stable `code` beside the message.
 */
export const answerErrors: AfterErrorHook = ({ error, result }) => {
  if (!result) return undefined
  const fault = classifyClientFault(error)
  if (fault) return { status: fault.status, response: { errors: [{ message: fault.message, code: fault.code }] } }
  const status = (error as { status?: number }).status ?? 500
  const code = codeFor(status, error as { code?: unknown; name?: unknown })
  return { response: { ...result, errors: result.errors.map((entry) => ({ ...entry, code })) } }
}
