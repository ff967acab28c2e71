import { ErrorCode } from './errorCodes'

export type ClientFault = { status: 400 | 413 | 415; code: ErrorCode; message: string }

/** What busboy (Payload's multipart parser) throws at a body it cannot read. */
const MULTIPART_FAILURES = [
  'Malformed content type',
  'Unexpected end of form',
  'Unexpected end of file',
  'Malformed part header',
  'Malformed urlencoded form',
  'Multipart: Boundary not found',
  'Unsupported content type',
  'Missing Content-Type',
]

/**
 * Errors that libraries under Payload throw at malformed input, which Payload answers with a 500
 * although the client is at fault: a multipart body busboy cannot read, a value Mongoose cannot
 * cast to the field's type, a `_payload` that is not JSON, a malformed percent-escape. Each is
 * answered with a 4xx naming the problem; the library's own wording (model names, internals)
 * never reaches the client. Anything else stays a server error.
 */
export function classifyClientFault(error: unknown): ClientFault | undefined {
  if (!(error instanceof Error)) return undefined
  const message = error.message ?? ''
  if (MULTIPART_FAILURES.some((failure) => message.startsWith(failure))) {
    return { status: 400, code: ErrorCode.InvalidMultipart, message: `The multipart body could not be read (${message.replace(/\.$/, '')}); send a complete multipart/form-data body with a valid boundary` }
  }
  if (message === 'Request is not eligible for file upload') {
    return { status: 415, code: ErrorCode.UnsupportedMediaType, message: 'This endpoint takes JSON (Content-Type: application/json), not multipart/form-data' }
  }
  if (error.name === 'CastError') {
    const path = (error as Error & { path?: unknown }).path
    return { status: 400, code: ErrorCode.InvalidQuery, message: typeof path === 'string' ? `Invalid value given for "${path}"` : 'Invalid value in the query' }
  }
  if (error instanceof SyntaxError && /JSON/.test(message)) {
    return { status: 400, code: ErrorCode.InvalidJson, message: 'Invalid JSON in the request body' }
  }
  if (error instanceof URIError) {
    return { status: 400, code: ErrorCode.InvalidUrl, message: 'The URL holds a malformed percent-escape (%)' }
  }
  return undefined
}
