import path from 'node:path'

import { loadEnv } from 'payload/node'

import { connectConfiguredDatabase } from './db/localDatabase'
import { FolioStartupError } from './errors/FolioStartupError'
import { findProjectRoot } from './lib/findProjectRoot'
import { demoSeedOf } from './lib/demoSeed'
import { assertSafeSecret, readSettings } from './settings'

async function main(): Promise<void> {
  // .env, .tools/, .data/, media/ and the admin build are found relative to the project.
  process.chdir(findProjectRoot(import.meta.url))
  loadEnv()
  const settings = readSettings()
  assertSafeSecret(settings)

  // The server's modules (Payload, Next, Express: seconds of this process's own work) load while the
  // local database opens its file in its own process; the config is read once the database's
  // address is known.
  const [{ local: localDatabase }, { startServer }] = await Promise.all([connectConfiguredDatabase(settings), import('./server/startServer')])

  // `npm start` asks for demo content; FOLIO_SEED_DEMO=false (in the environment or .env) declines.
  const shouldSeed = process.argv.includes('--seed-demo') && process.env.FOLIO_SEED_DEMO !== 'false'
  const { default: config } = await import('../payload.config')
  const dev = process.env.NODE_ENV !== 'production'
  const server = await startServer({
    config,
    port: settings.port,
    host: settings.host,
    withAdmin: process.env.FOLIO_ADMIN !== 'false',
    dev,
    settings,
    beforeListen: async (payload) => {
      if (shouldSeed) await demoSeedOf(payload)?.seedIfEmpty(payload)
    },
  })
  server.payload.logger.info(
    { url: server.url, admin: `${server.url}/admin`, api: `${server.url}/api`, database: localDatabase ? `local (${path.relative(process.cwd(), settings.localDatabaseDir) || '.'})` : 'MONGODB_URI' },
    `Folio is ready: admin at ${server.url}/admin, API at ${server.url}/api`,
  )
  if (settings.isProduction && !settings.email.smtp) {
    server.payload.logger.warn('SMTP_HOST is not set: emails (form notifications, webhook alerts) are written to the log, not sent')
  }
  const demo = demoSeedOf(server.payload)
  if (shouldSeed && demo && (await demo.hasDemoAdmin(server.payload))) {
    server.payload.logger.info(`Demo login: ${demo.login.email} / ${demo.login.password}`)
  }

  let stopping = false
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    server.payload.logger.info({ signal }, 'shutting down: finishing in-flight requests')
    try {
      await server.close()
      await localDatabase?.stop()
      server.payload.logger.info('stopped')
      process.exit(0)
    } catch (error) {
      server.payload.logger.error({ err: error }, 'shutdown failed')
      process.exit(1)
    }
  }
  process.on('SIGTERM', (signal) => void shutdown(signal))
  process.on('SIGINT', (signal) => void shutdown(signal))
  // Started by dist/server.js (the launcher): when it is gone, nobody supervises this process.
  if (process.connected) {
    process.channel?.unref()
    process.on('disconnect', () => {
      server.payload.logger.warn('the launcher process is gone; shutting down')
      void shutdown('SIGTERM')
    })
  }
}

main().catch((error: unknown) => {
  if (error instanceof FolioStartupError) {
    console.error(`Folio cannot start: ${error.message}`)
  } else {
    console.error('Folio cannot start:', error)
  }
  process.exit(1)
})
