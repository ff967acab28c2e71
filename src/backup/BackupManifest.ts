/** The archive's last entry, `manifest.json`: what the archive holds and how to check it. */
export type BackupManifest = {
  format: 'folio-backup'
  formatVersion: 1
  folioVersion: string
  payloadVersion: string
  /** ISO time the backup started. */
  createdAt: string
  /** Whether the collections were read from one snapshot (MongoDB replica sets and sharded clusters). */
  snapshot: boolean
  encrypted: boolean
  /** The migrations the database had run (`payload-migrations`); absent in archives written before Folio recorded them. */
  migrations?: string[]
  media: { included: boolean; reason?: string; files: number; bytes: number }
  collections: BackupCollection[]
  /** Every other entry of the archive, in archive order. */
  entries: BackupEntry[]
}

export type BackupCollection = {
  name: string
  /** The entry holding its documents, one canonical Extended JSON document a line. */
  entry: string
  count: number
  /** listCollections' options (capped, validator, collation…), given back to createCollection. */
  options: Record<string, unknown>
  /** listIndexes' answers without `v` and `ns`, the `_id` index left out (every collection has it). */
  indexes: Record<string, unknown>[]
}

export type BackupEntry = { name: string; size: number; sha256: string }

export const MANIFEST_ENTRY = 'manifest.json'

/** Where Payload records the migrations a database has run. */
export const MIGRATIONS_COLLECTION = 'payload-migrations'
