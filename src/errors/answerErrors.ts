import type { AfterErrorHook } from 'payload'

import { classifyClientFault } from './classifyClientFault'
import { codeFor, ErrorCode } from './errorCodes'
import { errorEnvelope } from './errorResponse'
import { isSelectionRefused } from './SelectionRefused'

/** MongoDB's ExceededMemoryLimit: the local database refuses writes while its heap is nearly full. */
const EXCEEDED_MEMORY_LIMIT = 146

const SHORT_OF_MEMORY = 'The database is short of memory and refuses changes for now; nothing was saved. Try again later.'

type Failure = { status: number; code: string; message?: string }

/** What the client is told about an error: its status, code, and (for client faults) Folio's words. */
function describe(error: Error): Failure {
  const cause = (error as { originalError?: Error }).originalError ?? error
  const mongoCode = (cause as { code?: unknown }).code ?? (cause as { cause?: { code?: unknown } }).cause?.code
  if (mongoCode === EXCEEDED_MEMORY_LIMIT) return { status: 503, code: ErrorCode.Unavailable, message: SHORT_OF_MEMORY }
  const fault = classifyClientFault(cause)
  if (fault) return fault
  const status = (cause as { status?: number }).status ?? 500
  return { status, code: codeFor(status, cause) }
}

/**
 * Payload's last word on every error, REST and GraphQL (config `hooks.afterError`): client faults
 * that Payload would answer with a 500 get their 4xx (classifyClientFault), a database short of
 * memory a 503, and every error its stable `code` (GraphQL: `extensions.code`). A GraphQL error
 * that is a server error keeps nothing of the original but its masked message.
 */
export const answerErrors: AfterErrorHook = ({ error, graphqlResult, req, result }) => {
  const failure = describe(error)
  if (graphqlResult) {
    const isInternal = failure.status >= 500 && failure.code !== ErrorCode.Unavailable
    // A library's error (internal, or a client fault Folio words itself) shows nothing of its own.
    const isForeign = isInternal || failure.message !== undefined
    return {
      graphqlResult: {
        ...graphqlResult,
        message: failure.message ?? (isInternal ? 'Something went wrong.' : graphqlResult.message),
        extensions: isForeign
          ? { code: failure.code, statusCode: failure.status }
          : { ...graphqlResult.extensions, code: failure.code, statusCode: failure.status },
      },
    }
  }
  if (!result) return undefined
  if (failure.status === 503) {
    req.responseHeaders = new Headers(req.responseHeaders)
    req.responseHeaders.set('Retry-After', '30')
  }
  if (failure.message) return { status: failure.status, response: errorEnvelope([{ message: failure.message, code: failure.code }]) }
  const envelope = errorEnvelope(result.errors.map((entry) => ({ ...entry, message: entry.message ?? 'Request failed', code: failure.code })))
  // A refused bulk change answers in Payload's bulk shape too, with nothing changed.
  return { response: isSelectionRefused(error) ? { ...result, docs: [], ...envelope } : { ...result, ...envelope } }
}
