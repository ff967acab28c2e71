import { createRequest, sendResponse } from '@remix-run/node-fetch-server'
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express'

type FetchHandler = (request: Request) => Promise<Response>

/** Serves a Fetch-style handler (Request → Response) from Express. */
export function toExpressHandler(handler: FetchHandler) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const response = await handler(createRequest(req, res))
      await sendResponse(res, response)
    } catch (error) {
      next(error)
    }
  }
}
