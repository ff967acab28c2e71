import type { StoredDocument } from '@/lib/StoredDocument'
import type { AuditAction, AuditSource, LoginFailureReason } from './constants'

export type AuditLogPluginOptions = {
  /** The auth collection whose users the entries name (default `users`). */
  usersCollection?: string
  /** Entries older than this are deleted (hourly, by the process that runs jobs); default 365 days. */
  retentionMs?: number
  /** Collections and globals whose changes are not recorded (high-volume logs, derived indexes). */
  exclude?: string[]
  /**
   * Collections checked at start-up for changes stored without their entry (a crash between the
   * two, where the database has no transactions). Only collections whose `updatedAt` moves with
   * audited changes alone belong here (not auth collections: sessions move theirs).
   */
  reconcile?: string[]
}

/** A document of an auth collection: its email is what the log keeps of who signed in. */
export type AccountDocument = StoredDocument & { email?: string | null }

/** One entry, as Folio's hooks describe it; who, from where and when are added when it is written. */
export type AuditEntry = {
  action: AuditAction
  sourceCollection?: string | null
  sourceGlobal?: string | null
  documentId?: string | null
  documentTitle?: string | null
  /** The language a change to localized content was made in (null without locales). */
  locale?: string | null
  changedFields?: string[]
  reason?: LoginFailureReason | null
  /** What happened, for events other plugins report (a backup's size and counts, or why it failed). */
  details?: string | null
  /** Autosaves collapsed into this entry. */
  autosaves?: number
  /** Overrides the signed-in user: the one who signs in, or (failed sign-ins) nobody. */
  actor?: { id?: string | number | null; email?: string | null; collection?: string } | null
}

export type StoredAuditEntry = {
  id: string
  action: AuditAction
  user?: string | null
  userEmail?: string | null
  source?: AuditSource
  changedFields?: string[] | null
  autosaves?: number | null
  createdAt: string
}
