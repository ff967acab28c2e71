import path from 'node:path'

import { FolioStartupError } from './errors/FolioStartupError'

/** The placeholder secret shipped in `.env.example`; production refuses to start with it. */
export const PLACEHOLDER_SECRET = 'change-me-to-a-long-random-string'

const MIN_SECRET_LENGTH = 32

export type DatabaseCompatibility = 'ferretdb' | 'mongodb'

export type Settings = {
  isProduction: boolean
  port: number
  host: string
  serverURL: string
  /** Origins whose cookies Payload trusts (CSRF) besides serverURL. */
  trustedOrigins: string[]
  /** Origins allowed to call the API from a browser; '*' for any. */
  corsOrigins: string[] | '*'
  payloadSecret: string
  mongodbUri: string
  databaseCompatibility: DatabaseCompatibility
  mediaDir: string
  uploadMaxBytes: number
  logLevel: string
  logFormat: 'pretty' | 'json'
}

function readInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) {
    throw new FolioStartupError(`${name} must be a non-negative whole number, got "${raw}"`)
  }
  return value
}

function readList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

function readCompatibility(env: NodeJS.ProcessEnv): DatabaseCompatibility {
  const raw = env.MONGODB_COMPATIBILITY ?? 'mongodb'
  if (raw !== 'mongodb' && raw !== 'ferretdb') {
    throw new FolioStartupError(`MONGODB_COMPATIBILITY must be "mongodb" or "ferretdb", got "${raw}"`)
  }
  return raw
}

/** Reads Folio's settings from the environment. Every variable is documented in `.env.example`. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const port = readInteger(env, 'PORT', 3000)
  const host = env.HOST || '0.0.0.0'
  const serverURL = env.SERVER_URL || `http://localhost:${port}`
  // Without SERVER_URL, a local installation is reached as localhost or 127.0.0.1 alike.
  const loopbackOrigins = env.SERVER_URL ? [] : [`http://localhost:${port}`, `http://127.0.0.1:${port}`]
  return {
    isProduction: env.NODE_ENV === 'production',
    port,
    host,
    serverURL,
    trustedOrigins: [...new Set([serverURL, ...loopbackOrigins, ...readList(env.TRUSTED_ORIGINS)])],
    corsOrigins: !env.CORS_ORIGINS || env.CORS_ORIGINS.trim() === '*' ? '*' : readList(env.CORS_ORIGINS),
    payloadSecret: env.PAYLOAD_SECRET || PLACEHOLDER_SECRET,
    mongodbUri: env.MONGODB_URI || 'mongodb://127.0.0.1:27017/folio',
    databaseCompatibility: readCompatibility(env),
    mediaDir: path.resolve(/* turbopackIgnore: true */ process.cwd(), env.MEDIA_DIR || 'media'),
    uploadMaxBytes: readInteger(env, 'UPLOAD_MAX_BYTES', 20 * 1024 * 1024),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: env.LOG_FORMAT === 'json' ? 'json' : 'pretty',
  }
}

/** Throws when a production server would run with a missing, placeholder or short secret. */
export function assertSafeSecret(settings: Settings): void {
  if (!settings.isProduction) return
  if (settings.payloadSecret === PLACEHOLDER_SECRET) {
    throw new FolioStartupError('PAYLOAD_SECRET is not set (or still the placeholder from .env.example); refusing to start in production')
  }
  if (settings.payloadSecret.length < MIN_SECRET_LENGTH) {
    throw new FolioStartupError(`PAYLOAD_SECRET must be at least ${MIN_SECRET_LENGTH} characters in production`)
  }
}
