import { GRAPHQL_POST } from '@payloadcms/next/routes'
import express, { type Express, type RequestHandler } from 'express'
import { handleEndpoints, type Payload } from 'payload'

import { readSettings } from '../settings'
import { errorHandler } from './errorHandler'
import { healthRoutes } from './healthRoutes'
import { sendError } from './sendError'
import { toExpressHandler } from './toExpressHandler'
import { validateApiQuery } from './validateApiQuery'
import { withErrorEnvelope } from './withErrorEnvelope'

export type AppOptions = {
  payload: Payload
  /** Serves everything the API does not: the admin panel. Absent, such requests get 404. */
  adminHandler?: RequestHandler
}

/**
 * Folio's one HTTP entry point. No body parser runs before the API: Payload reads the raw body.
 */
export function createApp({ payload, adminHandler }: AppOptions): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', readSettings().trustProxy)

  app.use(healthRoutes(payload))

  app.use('/api', validateApiQuery)
  app.post('/api/graphql', toExpressHandler(GRAPHQL_POST(payload.config)))
  app.all(
    '/api/{*rest}',
    toExpressHandler(async (request) => withErrorEnvelope(await handleEndpoints({ config: payload.config, request }))),
  )

  app.get('/', (_req, res) => res.redirect(302, payload.config.routes.admin))
  if (adminHandler) {
    app.all('{*path}', adminHandler)
  } else {
    app.use((_req, res) => sendError(res, 404, 'Not found'))
  }

  app.use(errorHandler(payload))
  return app
}
