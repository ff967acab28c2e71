import type { Response } from 'express'

import { codeFor, type ErrorCode } from '../errors/errorCodes'
import { errorEnvelope } from '../errors/errorResponse'

type Options = { data?: Record<string, unknown>; code?: ErrorCode; headers?: Record<string, string> }

/** Answers with Folio's error envelope (src/errors/errorResponse.ts) and Folio's code. */
export function sendError(res: Response, status: number, message: string, { data, code = codeFor(status), headers }: Options = {}): void {
  if (headers) res.set(headers)
  res.status(status).json(errorEnvelope([data ? { message, code, data } : { message, code }]))
}
