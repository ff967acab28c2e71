/** The log's collection, owned by this plugin. */
export const AUDIT_LOG = 'audit-log'

/** What an audit log entry records. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'publish',
  'unpublish',
  'login',
  'login-failed',
  'logout',
  'password-reset-requested',
  'password-reset',
  'unlock',
  // Reported by other plugins through the plugin's `record` function (webhook secrets and endpoints).
  'secret-revealed',
  'secret-rotated',
  'endpoint-disabled',
  'endpoint-enabled',
  // Reported by the backups plugin: an archive written, or a backup that failed.
  'backup',
  'backup-failed',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/**
 * Where a change came from: the admin panel, another REST or GraphQL client, Folio's own code
 * through the Local API (scripts, start-up), a queued job (scheduled publishing, webhooks), or
 * `recovered`: a change found stored at start-up without its entry (the process died between
 * the two), whose author is unknown.
 */
export const AUDIT_SOURCES = ['admin', 'api', 'local', 'job', 'recovered'] as const
export type AuditSource = (typeof AUDIT_SOURCES)[number]

/**
 * Why a sign-in failed. Clients get one answer for a wrong password and an unknown user (and one
 * 429 for a throttled attempt, whoever it names); the log tells them apart.
 */
export const LOGIN_FAILURE_REASONS = ['wrong-password', 'unknown-user', 'throttled', 'locked', 'unverified'] as const
export type LoginFailureReason = (typeof LOGIN_FAILURE_REASONS)[number]

/** Payload's own collections: never audited whatever the options say. */
export const PAYLOAD_INTERNAL_PREFIX = 'payload-'

/** Autosaves of one document by one user within this time make one entry. */
export const AUTOSAVE_COLLAPSE_MS = 60 * 60 * 1000

/** How long entries are kept unless the plugin is told otherwise. */
export const DEFAULT_RETENTION_MS = 365 * 24 * 60 * 60 * 1000

/** Entries deleted per query when pruning, and the most queries one pruning run makes. */
export const PRUNE_BATCH = 1000
export const PRUNE_MAX_BATCHES = 50

/** At start-up, changes this long before the newest entry are checked for a missing entry too. */
export const RECONCILE_MARGIN_MS = 2 * 60 * 1000
