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
  /** Run queued jobs (webhook deliveries, emails) in this process. */
  runJobs: boolean
  webhooks: WebhookSettings
  email: EmailSettings
  forms: FormSettings
  auditLog: AuditLogSettings
  /** Express' `trust proxy`: which proxies' X-Forwarded-For names the visitor's address. */
  trustProxy: boolean | number | string
  /** The website's frontend, opened by the admin's live preview. */
  frontendURL: string
  cache: CacheSettings
}

export type CacheSettings = {
  /** Keep anonymous API responses (FOLIO_CACHE); off, responses still get ETags and 304s. */
  enabled: boolean
  maxBytes: number
  /** A safety net: entries are invalidated exactly on writes, and dropped after this anyway. */
  ttlMs: number
  /** Cache-Control of anonymous cacheable responses. */
  cacheControl: string
  /** Shared store for several instances; unset, each process keeps its own in memory. */
  redisUrl?: string
}

export type FormSettings = {
  /** A submission sent sooner than this after its form token was issued is refused as spam. */
  minFillMs: number
  /** Submissions one address may send per window. */
  rateLimitMax: number
  rateLimitWindowMs: number
}

export type AuditLogSettings = {
  /** Entries older than this are deleted. */
  retentionMs: number
}

export type WebhookSettings = {
  /** Hosts, IP addresses or CIDR ranges webhooks may reach although they are private or loopback. */
  allowedHosts: string[]
  timeoutMs: number
  /** An endpoint failing without a single success for this long is disabled. */
  disableAfterMs: number
  /** Finished deliveries and their events are deleted after this long. */
  retentionMs: number
}

export type EmailSettings = {
  fromAddress: string
  fromName: string
  /** Unset: emails are written to the log instead of being sent. */
  smtp?: { host: string; port: number; secure: boolean; user?: string; password?: string }
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

function readBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase()
  if (raw === undefined || raw === '') return fallback
  if (raw === 'true' || raw === '1') return true
  if (raw === 'false' || raw === '0') return false
  throw new FolioStartupError(`${name} must be true or false, got "${env[name]}"`)
}

function readEmailSettings(env: NodeJS.ProcessEnv): EmailSettings {
  const port = readInteger(env, 'SMTP_PORT', 587)
  return {
    fromAddress: env.EMAIL_FROM_ADDRESS || 'folio@localhost',
    fromName: env.EMAIL_FROM_NAME || 'Folio',
    smtp: env.SMTP_HOST
      ? {
          host: env.SMTP_HOST,
          port,
          secure: readBoolean(env, 'SMTP_SECURE', port === 465),
          user: env.SMTP_USER || undefined,
          password: env.SMTP_PASSWORD || undefined,
        }
      : undefined,
  }
}

const HOUR_MS = 60 * 60 * 1000

function readWebhookSettings(env: NodeJS.ProcessEnv): WebhookSettings {
  return {
    allowedHosts: readList(env.WEBHOOK_ALLOWED_HOSTS),
    timeoutMs: readInteger(env, 'WEBHOOK_TIMEOUT_MS', 10_000) || 10_000,
    disableAfterMs: (readInteger(env, 'WEBHOOK_DISABLE_AFTER_HOURS', 72) || 72) * HOUR_MS,
    retentionMs: (readInteger(env, 'WEBHOOK_LOG_RETENTION_DAYS', 30) || 30) * 24 * HOUR_MS,
  }
}

function readFormSettings(env: NodeJS.ProcessEnv): FormSettings {
  return {
    minFillMs: readInteger(env, 'FORM_MIN_FILL_SECONDS', 3) * 1000,
    rateLimitMax: readInteger(env, 'FORM_RATE_LIMIT', 5) || 5,
    rateLimitWindowMs: (readInteger(env, 'FORM_RATE_LIMIT_WINDOW_MINUTES', 10) || 10) * 60 * 1000,
  }
}

export const DEFAULT_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300'

function readCacheSettings(env: NodeJS.ProcessEnv): CacheSettings {
  return {
    enabled: readBoolean(env, 'FOLIO_CACHE', true),
    maxBytes: (readInteger(env, 'CACHE_MAX_MB', 64) || 64) * 1024 * 1024,
    ttlMs: (readInteger(env, 'CACHE_TTL_SECONDS', 300) || 300) * 1000,
    cacheControl: env.CACHE_CONTROL?.trim() || DEFAULT_CACHE_CONTROL,
    redisUrl: env.REDIS_URL?.trim() || undefined,
  }
}

function readTrustProxy(env: NodeJS.ProcessEnv): boolean | number | string {
  const raw = env.TRUST_PROXY?.trim()
  if (!raw || raw === 'false') return false
  if (raw === 'true') return true
  if (/^\d+$/.test(raw)) return Number(raw)
  return raw
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
    runJobs: readBoolean(env, 'FOLIO_JOBS', true),
    webhooks: readWebhookSettings(env),
    email: readEmailSettings(env),
    forms: readFormSettings(env),
    auditLog: { retentionMs: (readInteger(env, 'AUDIT_LOG_RETENTION_DAYS', 365) || 365) * 24 * HOUR_MS },
    trustProxy: readTrustProxy(env),
    frontendURL: (env.FRONTEND_URL || 'http://localhost:3001').replace(/\/+$/, ''),
    cache: readCacheSettings(env),
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
