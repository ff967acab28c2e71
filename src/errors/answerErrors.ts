import type { AfterErrorHook } from 'payload'

import { classifyClientFault } from './classifyClientFault'
import { codeFor, ErrorCode } from './errorCodes'

/**
 * Payload's last word on every REST error (config `hooks.afterError`): client faults that Payload
 * would answer with a 500 get their 4xx (classifyClientFault), and every error entry gets its
 * stable `code` beside the message.
 */
/** MongoDB's ExceededMemoryLimit: the local database refuses writes while its heap is nearly full. */
const EXCEEDED_MEMORY_LIMIT = 146

export const answerErrors: AfterErrorHook = ({ error, req, result }) => {
  if (!result) return undefined
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code
  if (code === EXCEEDED_MEMORY_LIMIT) {
    req.responseHeaders = new Headers(req.responseHeaders)
    req.responseHeaders.set('Retry-After', '30')
    return { status: 503, response: { errors: [{ message: 'The database is short of memory and refuses changes for now; nothing was saved. Try again later.', code: ErrorCode.Unavailable }] } }
  }
  const fault = classifyClientFault(error)
  if (fault) return { status: fault.status, response: { errors: [{ message: fault.message, code: fault.code }] } }
  const status = (error as { status?: number }).status ?? 500
  const errorCode = codeFor(status, error as { code?: unknown; name?: unknown })
  return { response: { ...result, errors: result.errors.map((entry) => ({ ...entry, code: errorCode })) } }
}
