import type { NextFunction, Request, Response } from 'express'
import type { Payload } from 'payload'

import { sendError } from './sendError'

/** The last middleware: logs what escaped a route and answers with a masked 500. */
export function errorHandler(payload: Payload) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode
    if (status && status >= 400 && status < 500) {
      sendError(res, status, (error as Error).message)
      return
    }
    payload.logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed')
    if (res.headersSent) {
      res.end()
      return
    }
    sendError(res, 500, 'Something went wrong.')
  }
}
