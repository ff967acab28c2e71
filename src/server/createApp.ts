import { GRAPHQL_POST } from '@payloadcms/next/routes'
import express, { type Express, type RequestHandler } from 'express'
import { handleEndpoints, type Payload } from 'payload'

import type { ResponseCache } from '../cache/createResponseCache'
import { createPersistedQueries } from '../graphql/createPersistedQueries'
import { graphqlGetHandler, isGraphQLSuccess, withPersistedQueries } from '../graphql/graphqlHandlers'
import { readSettings } from '../settings'
import { errorHandler } from './errorHandler'
import { healthRoutes } from './healthRoutes'
import { sendError } from './sendError'
import { toExpressHandler } from './toExpressHandler'
import { validateApiQuery } from './validateApiQuery'
import { withErrorEnvelope } from './withErrorEnvelope'

type FetchHandler = (request: Request) => Promise<Response>

export type AppOptions = {
  payload: Payload
  /** Serves everything the API does not: the admin panel. Absent, such requests get 404. */
  adminHandler?: RequestHandler
  /** Anonymous API reads served from and kept in the cache; absent, every request is answered afresh. */
  cache?: ResponseCache
}

/**
 * Folio's one HTTP entry point. No body parser runs before the API: Payload reads the raw body.
 */
export function createApp({ payload, adminHandler, cache }: AppOptions): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', readSettings().trustProxy)

  app.use(healthRoutes(payload))

  const cached = (handler: FetchHandler, isStorable?: (body: Uint8Array) => boolean) => (cache ? cache.wrap(handler, isStorable) : handler)
  const hits: RequestHandler = cache ? cache.serveHits : (_req, _res, next) => next()
  const graphql = GRAPHQL_POST(payload.config)
  const persistedQueries = createPersistedQueries()
  const rest: FetchHandler = async (request) => withErrorEnvelope(await handleEndpoints({ config: payload.config, request }))

  app.use('/api', validateApiQuery)
  app.post('/api/graphql', toExpressHandler(withPersistedQueries(graphql, persistedQueries)))
  app.get('/api/graphql', hits, toExpressHandler(cached(graphqlGetHandler(graphql, persistedQueries), isGraphQLSuccess)))
  app.get('/api/{*rest}', hits, toExpressHandler(cached(rest)))
  app.all('/api/{*rest}', toExpressHandler(rest))

  app.get('/', (_req, res) => res.redirect(302, payload.config.routes.admin))
  if (adminHandler) {
    app.all('{*path}', adminHandler)
  } else {
    app.use((_req, res) => sendError(res, 404, 'Not found'))
  }

  app.use(errorHandler(payload))
  return app
}
