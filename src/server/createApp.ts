import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import zlib from 'node:zlib'

import { GRAPHQL_POST } from '@payloadcms/next/routes'
import compression from 'compression'
import express, { type Request, type RequestHandler, type Response } from 'express'
import proxyaddr from 'proxy-addr'
import { handleEndpoints, type Payload } from 'payload'

import { corsHeaders } from '../cache/corsOrigin'
import type { ResponseCache } from '../cache/createResponseCache'
import type { MediaCustom } from '../images/mediaImages'
import { createGraphQLGuard } from '../graphql/createGraphQLGuard'
import { refusedGraphQLFields } from '../graphql/refusedGraphQLFields'
import { createPersistedQueries } from '../graphql/createPersistedQueries'
import { graphqlGetHandler, isGraphQLSuccess, withPersistedQueries } from '../graphql/graphqlHandlers'
import { CLIENT_ADDRESS_HEADER } from '../lib/clientAddress'
import { limitApiRequests } from '../rateLimits/limitApiRequests'
import { rateLimitsOf } from '../rateLimits/rateLimitsOf'
import type { Settings } from '../settings'
import { answerHeadAsGet } from './answerHeadAsGet'
import { apiReference } from './apiReference'
import { errorHandler } from './errorHandler'
import { cutOffSilentBodies } from './cutOffSilentBodies'
import { guardRequestBody } from './guardRequestBody'
import { refuseInapplicableRoutes } from './refuseInapplicableRoutes'
import { healthRoutes } from './healthRoutes'
import { securityHeaders } from './securityHeaders'
import { siteRedirects } from './siteRedirects'
import { recognizeSiteRequests, siteAwareAddress } from './siteRequests'
import { sendError } from './sendError'
import { toExpressHandler } from './toExpressHandler'
import { validateApiQuery } from './validateApiQuery'
import { withErrorEnvelope } from './withErrorEnvelope'
import type { FetchHandler } from './FetchHandler'

/**
 * gzip or brotli by the request's Accept-Encoding, for the API's and health checks' answers that
 * are not compressed yet (the response cache sends its stored compressed forms itself). The admin
 * is Next.js', which compresses its own; byte ranges are sent as they are.
 */
const compressAnswers = compression({
  threshold: 1024,
  brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
  filter: (req, res) => /^\/(api\/|api$|healthz|readyz)/.test(req.path) && !req.headers.range && compression.filter(req, res),
})

/** The headers a middleware that sets the same ones on every response sets (helmet's), to set them without it. */
function headersSetBy(middleware: RequestHandler): [string, string][] {
  const pairs: [string, string][] = []
  const recorder = { setHeader: (name: string, value: unknown) => pairs.push([name, String(value)]), removeHeader: () => undefined, getHeader: () => undefined }
  void middleware({ headers: {} } as Request, recorder as unknown as Response, () => undefined)
  return pairs
}

export type AppOptions = {
  payload: Payload
  /** Serves everything the API does not: the admin panel. Absent, such requests get 404. */
  adminHandler?: RequestHandler
  /** Anonymous API reads served from and kept in the cache; absent, every request is answered afresh. */
  cache?: ResponseCache
  /** Next.js in dev mode: its hot reload needs eval and a websocket. */
  dev?: boolean
  settings: Settings
  /** The secret the website sends with its own API requests (src/site/siteHeaders); random by default. */
  siteToken?: string
}

/**
 * Folio's one HTTP entry point. No body parser runs before the API: Payload reads the raw body.
 */
export function createApp({ payload, adminHandler, cache, dev = false, settings, siteToken = randomBytes(32).toString('hex') }: AppOptions): RequestListener {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', settings.trustProxy)
  const trust = app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1]
  const clientAddress = siteAwareAddress(siteToken, (req) => proxyaddr(req, trust))

  app.use(recognizeSiteRequests(clientAddress, settings.locales))
  app.use(compressAnswers)
  app.use(healthRoutes(payload))
  const headers = securityHeaders({ serverURL: settings.serverURL, frontendURL: settings.frontendURL, dev })

  const cached = (handler: FetchHandler, isStorable?: (body: Uint8Array) => boolean) => (cache ? cache.wrap(handler, isStorable) : handler)
  const graphql = GRAPHQL_POST(payload.config)
  const persistedQueries = createPersistedQueries()
  const guardGraphQL = createGraphQLGuard({
    ...settings.graphql,
    isSignedIn: async (request) => Boolean((await payload.auth({ headers: request.headers, canSetHeaders: false })).user),
    chargeCost: (request, cost) => rateLimitsOf(payload).graphqlCostPerAddress.consume(request.headers.get(CLIENT_ADDRESS_HEADER) || 'unknown', cost),
    refusedField: refusedGraphQLFields(payload),
  })
  const { maxJsonBytes } = settings.http
  // An upload's form (boundaries, part headers, `_payload`) takes some room beside the file.
  const maxUploadBytes = settings.uploadMaxBytes + 1024 * 1024
  const rest: FetchHandler = guardRequestBody(async (request) => withErrorEnvelope(await handleEndpoints({ config: payload.config, request })), {
    maxJsonBytes,
    maxUploadBytes,
    allowMultipart: true,
  })

  app.use(apiReference({ apiRoute: payload.config.routes.api, headers: headers.reference }))
  app.use('/api', headers.api)
  app.use('/api', cutOffSilentBodies(settings.http))
  const rateLimit = limitApiRequests(payload, rateLimitsOf(payload))
  app.use('/api', rateLimit.middleware)
  app.use('/api', refuseInapplicableRoutes(payload))
  app.use('/api', validateApiQuery(payload.config.localization ? payload.config.localization.localeCodes : undefined))
  app.post('/api/graphql', toExpressHandler(guardRequestBody(withPersistedQueries(graphql, persistedQueries, guardGraphQL), { maxJsonBytes, maxUploadBytes, allowMultipart: false })))
  // Express routes HEAD to these GET routes; answerHeadAsGet gives Payload a GET and drops the body.
  app.get('/api/graphql', toExpressHandler(answerHeadAsGet(cached(graphqlGetHandler(graphql, persistedQueries, guardGraphQL), isGraphQLSuccess))))
  app.get('/api/{*rest}', toExpressHandler(answerHeadAsGet(cached(rest))))
  app.all('/api/{*rest}', toExpressHandler(rest))

  if (adminHandler) {
    // The website (Next.js, src/app/(site)) and the admin: old addresses redirect first.
    app.get('{*path}', siteRedirects(cached(rest), { apiRoute: payload.config.routes.api, origin: settings.serverURL, locales: settings.locales }))
    app.all('{*path}', headers.admin, adminHandler)
  } else {
    app.use((_req, res) => sendError(res, 404, 'Not found'))
  }

  app.use(errorHandler(payload))
  // Cache hits and images already rendered are answered before Express (serveCacheHitsFirst,
  // serveVariantsFirst), with what the middleware above does to an API read: the same query
  // checks, rate limit and security headers.
  const apiSecurityHeaders = headersSetBy(headers.api)
  const beforeExpress = {
    apiPrefix: `${payload.config.routes.api}/`,
    clientAddress,
    rateLimit: rateLimit.decide,
    rateLimitNow: rateLimit.decideNow,
    securityHeaders: apiSecurityHeaders,
    setSecurityHeaders: (_req: IncomingMessage, res: ServerResponse) => {
      for (const [name, value] of apiSecurityHeaders) res.setHeader(name, value)
    },
  }
  const listener = cache ? cache.serveHitsFirst(beforeExpress, app) : app
  const variantOptions = {
    ...beforeExpress,
    cookiePrefix: payload.config.cookiePrefix || 'payload',
    corsHeaders: (origin: string | undefined) => corsHeaders(payload.config.cors, origin),
  }
  return payload.config.collections.reduce((next, collection) => {
    const { serveVariantsFirst } = (collection.custom ?? {}) as MediaCustom
    return serveVariantsFirst ? serveVariantsFirst(variantOptions, next) : next
  }, listener)
}
