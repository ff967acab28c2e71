import type { FlattenedField } from 'payload'

type Doc = Record<string, unknown> | null | undefined

/** Kept by Payload for itself, or told by the entry's action: never listed as changed. */
const IGNORED_TOP_LEVEL = new Set([
  'id',
  'createdAt',
  'updatedAt',
  '_status',
  // Sign-in bookkeeping of auth collections: login attempts and locks, reset tokens, sessions.
  'loginAttempts',
  'lockUntil',
  'resetPasswordToken',
  'resetPasswordExpiration',
  'resetPasswordRequestedAt',
  'sessions',
  '_verified',
  '_verificationToken',
  'apiKeyIndex',
])

/** A new password shows as a new hash and salt; it is listed under the name editors know. */
const RENAMED_TOP_LEVEL: Record<string, string> = { hash: 'password', salt: 'password' }

const relationId = (value: unknown): unknown => {
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>
    if ('relationTo' in object && 'value' in object) return { relationTo: object.relationTo, value: relationId(object.value) }
    if ('id' in object) return object.id
  }
  return value
}

/** Empty in every spelling (missing, null, '', [], false) counts as one value. */
function normalise(field: FlattenedField, value: unknown): string {
  if (value === undefined || value === null || value === '' || value === false) return 'null'
  if (Array.isArray(value) && value.length === 0) return 'null'
  if (field.type === 'relationship' || field.type === 'upload') {
    return stableStringify(Array.isArray(value) ? value.map(relationId) : relationId(value))
  }
  return stableStringify(value)
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableStringify(inner)}`).join(',')}}`
  }
  return JSON.stringify(value instanceof Date ? value.toISOString() : value) ?? 'null'
}

const asDoc = (value: unknown): Doc => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined)

function collect(fields: FlattenedField[], before: Doc, after: Doc, prefix: string, changed: Set<string>): void {
  for (const field of fields) {
    if (field.type === 'join' || ('virtual' in field && field.virtual)) continue
    if (!prefix && IGNORED_TOP_LEVEL.has(field.name)) continue
    const path = prefix ? `${prefix}.${field.name}` : field.name
    if (field.type === 'group' || field.type === 'tab') {
      collect(field.flattenedFields, asDoc(before?.[field.name]), asDoc(after?.[field.name]), path, changed)
      continue
    }
    // Arrays, blocks, rich text and JSON count as one field: rows move, and their ids are Payload's.
    if (normalise(field, before?.[field.name]) !== normalise(field, after?.[field.name])) {
      changed.add((!prefix && RENAMED_TOP_LEVEL[field.name]) || path)
    }
  }
}

/**
 * The paths of the fields whose stored values differ between two states of a document (both
 * read at depth 0); for a new document (`before` null), the fields it was created with. Names
 * only: values never leave this function, so secrets are not copied into the log.
 */
export function changedFields(fields: FlattenedField[], before: Doc, after: Doc): string[] {
  const changed = new Set<string>()
  collect(fields, before ?? {}, after ?? {}, '', changed)
  return [...changed]
}
