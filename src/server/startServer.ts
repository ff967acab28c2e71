import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import http from 'node:http'

import type { RequestHandler } from 'express'
import { getPayload, type Payload, type SanitizedConfig } from 'payload'

import { createResponseCache, type ResponseCache } from '../cache/createResponseCache'
import type { MediaCustom } from '../images/mediaImages'
import { startBackgroundWork, type BackgroundWork } from '../jobs/startBackgroundWork'
import { rateLimitsOf } from '../rateLimits/rateLimitsOf'
import { readSettings, type Settings } from '../settings'
import { SERVER_URL_ENV, SITE_ORIGIN_ENV, SITE_TOKEN_ENV, SITE_URL_ENV } from '../site/siteHeaders'
import { createAdminHandler } from './createAdminHandler'
import { createApp } from './createApp'

const SHUTDOWN_GRACE_MS = 10_000

export type StartServerOptions = {
  config: SanitizedConfig | Promise<SanitizedConfig>
  port: number
  host?: string
  /** Serve the Next.js admin panel (needs `next build` unless `dev`). */
  withAdmin?: boolean
  dev?: boolean
  /** Runs after Payload is ready and before the server accepts requests (seeding, for instance). */
  beforeListen?: (payload: Payload) => Promise<void>
  /** Folio's settings; read from the environment when not given. */
  settings?: Settings
}

export type RunningServer = {
  payload: Payload
  cache: ResponseCache
  url: string
  port: number
  /** Stops accepting, lets in-flight requests finish, then closes the database connection. */
  close: () => Promise<void>
}

/** An address of this server's that the process itself can connect to. */
function loopbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, port, host = '0.0.0.0', withAdmin = false, dev = false, settings = readSettings() } = options
  const payload = await getPayload({ config })
  // Payload's default (readable) logger takes no level from the config; LOG_LEVEL applies to it here.
  if (process.env.LOG_LEVEL) payload.logger.level = process.env.LOG_LEVEL

  let adminHandler: RequestHandler | undefined
  let upgradeHandler: Awaited<ReturnType<typeof createAdminHandler>>['upgradeHandler'] | undefined
  if (withAdmin) {
    const admin = await createAdminHandler({ dev })
    adminHandler = admin.handler
    upgradeHandler = admin.upgradeHandler
  }

  await options.beforeListen?.(payload)
  // Older uploads get what newer ones carry (src/images), in the background: the start never waits.
  for (const collection of payload.config.collections) {
    const { backfillImageFields } = (collection.custom ?? {}) as MediaCustom
    backfillImageFields?.(payload).catch((error: unknown) => payload.logger.error({ err: error }, 'images: recording older uploads\' content hashes failed'))
  }

  let backgroundWork: BackgroundWork | undefined
  // A job counts as stalled once it ran longer than a webhook delivery can take (its timeout), and
  // than an email with the SMTP timeouts.
  if (settings.runJobs) backgroundWork = startBackgroundWork(payload, { stalledAfterMs: 2 * settings.webhooks.timeoutMs + 10_000 })

  const cache = createResponseCache(payload, settings.cache)
  const siteToken = randomBytes(32).toString('hex')
  const { headersTimeoutMs, requestTimeoutMs, idleTimeoutMs, keepAliveTimeoutMs } = settings.http
  // Slow or silent clients (slowloris, a body announced and never sent) are cut off instead of
  // holding a connection: headers, the whole request, and any silence each have a limit.
  const server = http.createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeoutMs / 4))),
    },
    createApp({ payload, adminHandler, cache, dev, settings, siteToken }),
  )
  // Dev mode's hot-reload socket is long-lived and quiet.
  if (!dev) server.setTimeout(idleTimeoutMs)
  if (dev && upgradeHandler) server.on('upgrade', upgradeHandler)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const actualPort = (server.address() as AddressInfo).port
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host
  // The website (Next.js, in this process) reads the API over loopback, as a frontend would.
  process.env[SITE_ORIGIN_ENV] = `http://${loopbackHost(host)}:${actualPort}`
  process.env[SITE_TOKEN_ENV] = siteToken
  process.env[SITE_URL_ENV] = settings.frontendURL
  process.env[SERVER_URL_ENV] = settings.serverURL

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      const sweeper = setInterval(() => server.closeIdleConnections(), 100)
      // After the grace period, connections still open (an upgraded dev-mode socket, say) are cut.
      const deadline = new Promise<void>((resolve) =>
        setTimeout(() => {
          server.closeAllConnections()
          resolve()
        }, SHUTDOWN_GRACE_MS).unref(),
      )
      server.closeIdleConnections()
      await Promise.race([stopped, deadline])
      clearInterval(sweeper)
      // Deliveries being sent finish (or time out) before the database goes away.
      await backgroundWork?.stop()
      await cache.close()
      await rateLimitsOf(payload).close()
      await payload.destroy()
    })()
    return closing
  }

  return { payload, cache, url: `http://${displayHost}:${actualPort}`, port: actualPort, close }
}
