import type { Response } from 'express'

/** Answers with Payload's error envelope, `{ errors: [{ message, data? }] }`. */
export function sendError(res: Response, status: number, message: string, data?: Record<string, unknown>): void {
  res.status(status).json({ errors: [data ? { message, data } : { message }] })
}
