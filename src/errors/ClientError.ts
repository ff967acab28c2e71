import { APIError } from 'payload'

import { codeFor, type ErrorCode } from './errorCodes'

type ClientStatus = 400 | 401 | 403 | 404 | 405 | 408 | 409 | 413 | 415 | 422 | 429

/** A request Folio refuses for a reason the client can fix (4xx); logged at info, not as a server error. */
export class ClientError extends APIError {
  readonly code: ErrorCode

  constructor(message: string, status: ClientStatus = 400, options: { code?: ErrorCode; data?: Record<string, unknown> } = {}) {
    super(message, status, options.data, true)
    this.code = options.code ?? codeFor(status)
  }
}
