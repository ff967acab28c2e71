import type { NextFunction, Request, Response } from 'express'
import type { Payload } from 'payload'

import { classifyClientFault } from '../errors/classifyClientFault'
import { sendError } from './sendError'

/** The last middleware: answers client faults with their 4xx, logs the rest and masks them as a 500. */
export function errorHandler(payload: Payload) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode
    const fault = classifyClientFault(error)
    if (res.headersSent) {
      if (!fault && !(status && status < 500)) payload.logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed after answering')
      res.end()
      return
    }
    if (fault) {
      sendError(res, fault.status, fault.message, { code: fault.code })
      return
    }
    if (status && status >= 400 && status < 500) {
      // Express' own refusals (a body too large, a malformed request) carry their status; their
      // message is the library's, so the client gets the status's plain meaning.
      sendError(res, status, (error as { expose?: boolean }).expose === false ? 'Bad request' : (error as Error).message)
      return
    }
    payload.logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed')
    sendError(res, 500, 'Something went wrong.')
  }
}
