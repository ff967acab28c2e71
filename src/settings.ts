import path from 'node:path'

import os from 'node:os'

import { Cron } from 'croner'

import { FolioStartupError } from './errors/FolioStartupError'
import { MAX_INPUT_PIXELS } from './images/imageParameters'
import type { S3Settings } from './images/imageSources'
import type { ImageSettings } from './images/mediaImages'
import { WEBHOOK_DEFAULTS } from './plugins/webhooks/constants'

/** The placeholder secret shipped in `.env.example`; production refuses to start with it. */
export const PLACEHOLDER_SECRET = 'change-me-to-a-long-random-string'

const MIN_SECRET_LENGTH = 32

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
  /** Java heap of the local database (LOCAL_DB_HEAP_MB); unset, sized from its data file. */
  localDatabaseHeapMb?: number
  /** Where the local database keeps its file (LOCAL_DB_DIR). */
  localDatabaseDir: string
  mediaDir: string
  uploadMaxBytes: number
  images: ImageSettings
  /** Uploads in an S3-compatible bucket (S3_BUCKET and the S3_* settings); on local disk when unset. */
  s3?: S3Settings
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
  /** The website (FRONTEND_URL; Folio's own, SERVER_URL, by default): its public address. */
  frontendURL: string
  /**
   * Where the admin's Preview and Live Preview open the website: FRONTEND_URL when set, otherwise ''
   * (Folio's own site, at whatever address the admin itself was opened, so the editor's session goes along).
   */
  previewBaseURL: string
  cache: CacheSettings
  http: HttpSettings
  graphql: GraphQLSettings
  rateLimits: RateLimitSettings
  /** The content's languages (LOCALES), the first the default every other falls back to. */
  locales: LocaleSettings
  backups: BackupSettings
}

export type BackupSettings = {
  /** When the jobs queue takes a backup (BACKUP_SCHEDULE, a cron expression); unset, never. */
  schedule?: string
  /** Where scheduled backups are written (BACKUP_DIR, default `backups/` in the project). */
  dir: string
  /** How many of the newest scheduled archives are kept (BACKUP_KEEP, default 7). */
  keep: number
  /** Encrypts archives when set (FOLIO_BACKUP_PASSPHRASE). */
  passphrase?: string
}

export type LocaleSettings = {
  /** Locale codes as the API takes them (`?locale=de`) and the website prefixes its paths (`/de/…`). */
  codes: string[]
  /** The first code: the site's unprefixed language, and the fallback of every other. */
  defaultLocale: string
}

/** At most `points` per key in any window of `durationMs` (a fixed window per key). */
export type RateLimit = { points: number; durationMs: number }

export type RateLimitSettings = {
  /** RATE_LIMITS=false switches every limit off (benchmarks, trusted networks). */
  enabled: boolean
  /** Shared by every instance when set (REDIS_URL); each process counts alone otherwise. */
  redisUrl?: string
  loginPerAddress: RateLimit
  /** Failed sign-ins to one account from one address: the owner elsewhere is never locked out by it. */
  loginPerAccountAddress: RateLimit
  /** Failed sign-ins to one account from anywhere: the hard limit against distributed guessing. */
  loginPerAccount: RateLimit
  passwordResetPerAddress: RateLimit
  passwordResetPerAccount: RateLimit
  apiPerAddress: RateLimit
  apiPerKey: RateLimit
  /** GraphQL fields selected (the query's cost) per address. */
  graphqlCostPerAddress: RateLimit
  formSubmissionsPerAddress: RateLimit
}

export type GraphQLSettings = {
  /** Deepest nesting of fields a query may have. */
  maxDepth: number
  /** Most fields a query may select once fragments are expanded, aliases counted. */
  maxCost: number
  /** Who may ask for the schema (`__schema`, `__type`). */
  introspection: 'on' | 'off' | 'signed-in'
}

export type HttpSettings = {
  /** Largest JSON request body accepted by the API (uploads have UPLOAD_MAX_BYTES). */
  maxJsonBytes: number
  /** A client must send its request headers within this long (slowloris). */
  headersTimeoutMs: number
  /** A client must send its whole request, body included, within this long. */
  requestTimeoutMs: number
  /** A request body on which nothing arrives for this long is answered 408 (a slow upload that keeps sending is fine). */
  bodyTimeoutMs: number
  /** A connection on which nothing moves for this long is closed. */
  idleTimeoutMs: number
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number
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
const DAY_MS = 24 * HOUR_MS

function readWebhookSettings(env: NodeJS.ProcessEnv): WebhookSettings {
  return {
    allowedHosts: readList(env.WEBHOOK_ALLOWED_HOSTS),
    timeoutMs: readInteger(env, 'WEBHOOK_TIMEOUT_MS', 0) || WEBHOOK_DEFAULTS.timeoutMs,
    disableAfterMs: readInteger(env, 'WEBHOOK_DISABLE_AFTER_HOURS', 0) * HOUR_MS || WEBHOOK_DEFAULTS.disableAfterMs,
    retentionMs: readInteger(env, 'WEBHOOK_LOG_RETENTION_DAYS', 0) * DAY_MS || WEBHOOK_DEFAULTS.retentionMs,
  }
}

function readFormSettings(env: NodeJS.ProcessEnv): FormSettings {
  return {
    minFillMs: readInteger(env, 'FORM_MIN_FILL_SECONDS', 3) * 1000,
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

function readHttpSettings(env: NodeJS.ProcessEnv): HttpSettings {
  return {
    maxJsonBytes: readInteger(env, 'API_MAX_JSON_BYTES', 2 * 1024 * 1024) || 2 * 1024 * 1024,
    headersTimeoutMs: readInteger(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000) || 10_000,
    requestTimeoutMs: readInteger(env, 'HTTP_REQUEST_TIMEOUT_MS', 300_000) || 300_000,
    bodyTimeoutMs: readInteger(env, 'HTTP_BODY_TIMEOUT_MS', 10_000) || 10_000,
    idleTimeoutMs: readInteger(env, 'HTTP_IDLE_TIMEOUT_MS', 60_000) || 60_000,
    keepAliveTimeoutMs: readInteger(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000) || 5_000,
  }
}

function readGraphQLSettings(env: NodeJS.ProcessEnv, isProduction: boolean): GraphQLSettings {
  const raw = env.GRAPHQL_INTROSPECTION?.trim().toLowerCase() || (isProduction ? 'signed-in' : 'on')
  if (raw !== 'on' && raw !== 'off' && raw !== 'signed-in') {
    throw new FolioStartupError(`GRAPHQL_INTROSPECTION must be "on", "off" or "signed-in", got "${env.GRAPHQL_INTROSPECTION}"`)
  }
  return {
    maxDepth: readInteger(env, 'GRAPHQL_MAX_DEPTH', 12) || 12,
    maxCost: readInteger(env, 'GRAPHQL_MAX_COST', 1000) || 1000,
    introspection: raw,
  }
}

const DURATION_UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Reads `points/duration`, e.g. `5/10m`, `1200/1m`, `3/1h` (units s, m, h, d). */
function readRateLimit(env: NodeJS.ProcessEnv, name: string, fallback: string): RateLimit {
  const raw = (env[name] || fallback).trim()
  const match = raw.match(/^(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*([smhd])$/)
  const points = Number(match?.[1])
  const durationMs = Number(match?.[2]) * (DURATION_UNITS_MS[match?.[3] ?? ''] ?? NaN)
  if (!match || points < 1 || !(durationMs >= 1000)) {
    throw new FolioStartupError(`${name} must be "<count>/<duration>" such as 5/10m (units s, m, h, d; at least 1 per 1s), got "${raw}"`)
  }
  return { points, durationMs }
}

function readRateLimitSettings(env: NodeJS.ProcessEnv): RateLimitSettings {
  return {
    enabled: readBoolean(env, 'RATE_LIMITS', true),
    redisUrl: env.REDIS_URL?.trim() || undefined,
    loginPerAddress: readRateLimit(env, 'RATE_LIMIT_LOGIN_ADDRESS', '30/15m'),
    loginPerAccountAddress: readRateLimit(env, 'RATE_LIMIT_LOGIN_ACCOUNT_ADDRESS', '5/15m'),
    loginPerAccount: readRateLimit(env, 'RATE_LIMIT_LOGIN_ACCOUNT', '50/1h'),
    passwordResetPerAddress: readRateLimit(env, 'RATE_LIMIT_PASSWORD_RESET_ADDRESS', '10/1h'),
    passwordResetPerAccount: readRateLimit(env, 'RATE_LIMIT_PASSWORD_RESET_ACCOUNT', '3/1h'),
    apiPerAddress: readRateLimit(env, 'RATE_LIMIT_API_ADDRESS', '1200/1m'),
    apiPerKey: readRateLimit(env, 'RATE_LIMIT_API_KEY', '3000/1m'),
    graphqlCostPerAddress: readRateLimit(env, 'RATE_LIMIT_GRAPHQL_COST', '30000/1m'),
    formSubmissionsPerAddress: readRateLimit(env, 'RATE_LIMIT_FORM_SUBMISSIONS', '5/10m'),
  }
}

function readS3Settings(env: NodeJS.ProcessEnv): S3Settings | undefined {
  const bucket = env.S3_BUCKET?.trim()
  if (!bucket) return undefined
  const endpoint = env.S3_ENDPOINT?.trim() || undefined
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim() || undefined
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim() || undefined
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) throw new FolioStartupError('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together, or neither (the SDK then finds credentials itself)')
  return {
    bucket,
    endpoint,
    region: env.S3_REGION?.trim() || 'us-east-1',
    accessKeyId,
    secretAccessKey,
    // S3-compatible services (MinIO, SeaweedFS, Ceph…) want the bucket in the path; AWS takes either.
    forcePathStyle: readBoolean(env, 'S3_FORCE_PATH_STYLE', Boolean(endpoint)),
  }
}

function readImageSettings(env: NodeJS.ProcessEnv): ImageSettings {
  const signingKey = env.IMAGE_SIGNING_KEY?.trim() || undefined
  if (signingKey && signingKey.length < 32) throw new FolioStartupError('IMAGE_SIGNING_KEY must be at least 32 characters')
  const concurrency = readInteger(env, 'IMAGE_CONCURRENCY', 0) || Math.max(1, os.availableParallelism())
  return {
    signingKey,
    cacheDir: path.resolve(/* turbopackIgnore: true */ process.cwd(), env.IMAGE_CACHE_DIR || '.data/image-cache'),
    cacheMaxBytes: (readInteger(env, 'IMAGE_CACHE_MB', 1024) || 1024) * 1024 * 1024,
    concurrency,
    maxWaiting: readInteger(env, 'IMAGE_QUEUE_MAX', concurrency * 8),
    timeoutSeconds: readInteger(env, 'IMAGE_TIMEOUT_SECONDS', 20) || 20,
    maxSide: readInteger(env, 'IMAGE_MAX_SIDE', 4096) || 4096,
    maxInputPixels: MAX_INPUT_PIXELS,
  }
}

/** A cron expression as Payload's job schedules read it (croner, 5 fields or 6 with seconds), or a startup error. */
function readCron(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim()
  if (!raw) return undefined
  try {
    new Cron(raw, { paused: true, sloppyRanges: true }).stop()
  } catch (error) {
    throw new FolioStartupError(`${name} must be a cron expression such as "0 3 * * *" (minute hour day-of-month month day-of-week), got "${raw}": ${(error as Error).message}`)
  }
  return raw
}

function readBackupSettings(env: NodeJS.ProcessEnv): BackupSettings {
  const rawKeep = env.BACKUP_KEEP?.trim()
  const keep = rawKeep ? Number(rawKeep) : 7
  if (!Number.isInteger(keep) || keep < 1) throw new FolioStartupError(`BACKUP_KEEP must be a positive whole number (how many archives to keep), got "${rawKeep}"`)
  return {
    schedule: readCron(env, 'BACKUP_SCHEDULE'),
    dir: path.resolve(/* turbopackIgnore: true */ process.cwd(), env.BACKUP_DIR?.trim() || 'backups'),
    keep,
    passphrase: env.FOLIO_BACKUP_PASSPHRASE || undefined,
  }
}

function readTrustProxy(env: NodeJS.ProcessEnv): boolean | number | string {
  const raw = env.TRUST_PROXY?.trim()
  if (!raw || raw === 'false') return false
  if (raw === 'true') return true
  if (/^\d+$/.test(raw)) return Number(raw)
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
    localDatabaseHeapMb: readInteger(env, 'LOCAL_DB_HEAP_MB', 0) || undefined,
    localDatabaseDir: path.resolve(/* turbopackIgnore: true */ process.cwd(), env.LOCAL_DB_DIR || '.data/local-db'),
    mediaDir: path.resolve(/* turbopackIgnore: true */ process.cwd(), env.MEDIA_DIR || 'media'),
    uploadMaxBytes: readInteger(env, 'UPLOAD_MAX_BYTES', 20 * 1024 * 1024),
    images: readImageSettings(env),
    s3: readS3Settings(env),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: env.LOG_FORMAT === 'json' ? 'json' : 'pretty',
    runJobs: readBoolean(env, 'FOLIO_JOBS', true),
    webhooks: readWebhookSettings(env),
    email: readEmailSettings(env),
    forms: readFormSettings(env),
    auditLog: { retentionMs: (readInteger(env, 'AUDIT_LOG_RETENTION_DAYS', 365) || 365) * 24 * HOUR_MS },
    trustProxy: readTrustProxy(env),
    frontendURL: (env.FRONTEND_URL || serverURL).replace(/\/+$/, ''),
    previewBaseURL: (env.FRONTEND_URL ?? '').replace(/\/+$/, ''),
    cache: readCacheSettings(env),
    http: readHttpSettings(env),
    graphql: readGraphQLSettings(env, env.NODE_ENV === 'production'),
    rateLimits: readRateLimitSettings(env),
    locales: readLocales(env),
    backups: readBackupSettings(env),
  }
}

/** A language tag such as `en`, `de` or `pt-BR`: safe as a path segment and as a field name. */
const LOCALE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/

/** LOCALES=en,de (the default): the content's languages, the first the default. */
export function readLocales(env: NodeJS.ProcessEnv): LocaleSettings {
  const codes = [...new Set(readList(env.LOCALES ?? 'en,de'))]
  if (codes.length === 0) throw new FolioStartupError('LOCALES must name at least one language, such as "en" or "en,de"')
  const invalid = codes.filter((code) => !LOCALE_CODE.test(code))
  if (invalid.length > 0) throw new FolioStartupError(`LOCALES: ${invalid.map((code) => `"${code}"`).join(', ')} is not a language code such as "en", "de" or "pt-BR"`)
  return { codes, defaultLocale: codes[0] }
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
