import { createRequest, sendResponse } from '@remix-run/node-fetch-server'
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express'

import { CLIENT_ADDRESS_HEADER } from '../lib/clientAddress'
import type { FetchHandler } from './FetchHandler'

/**
 * Serves a Fetch-style handler (Request → Response) from Express. The handler learns the
 * visitor's address from a header only Folio sets (src/lib/clientAddress).
 */
export function toExpressHandler(handler: FetchHandler) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const request = createRequest(req, res)
      request.headers.set(CLIENT_ADDRESS_HEADER, req.ip ?? req.socket.remoteAddress ?? '')
      const response = await handler(request)
      await sendResponse(res, response)
    } catch (error) {
      next(error)
    }
  }
}
