import type { Response } from 'express'

import { codeFor, type ErrorCode } from '../errors/errorCodes'

type Options = { data?: Record<string, unknown>; code?: ErrorCode; headers?: Record<string, string> }

/** Answers with Payload's error envelope and Folio's code: `{ errors: [{ message, code, data? }] }`. */
export function sendError(res: Response, status: number, message: string, { data, code = codeFor(status), headers }: Options = {}): void {
  if (headers) res.set(headers)
  res.status(status).json({ errors: [data ? { message, code, data } : { message, code }] })
}
