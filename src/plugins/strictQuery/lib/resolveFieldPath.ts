import type { FlattenedField, Payload } from 'payload'

export type Resolution =
  /** The path names this field. */
  | { kind: 'field'; field: FlattenedField }
  /** A field every document has (id, createdAt, …). */
  | { kind: 'system' }
  /** The path goes inside something whose shape the schema does not fix (JSON, a polymorphic relation). */
  | { kind: 'open' }
  /** No such field. */
  | { kind: 'unknown' }

const SYSTEM_FIELDS = new Set(['id', '_id', 'createdAt', 'updatedAt', '_status'])
/** Fields of the versions collections, besides `version.<field>`. */
export const VERSION_FIELDS = new Set(['id', '_id', 'parent', 'latest', 'autosave', 'snapshot', 'publishedLocale', 'createdAt', 'updatedAt'])

/**
 * Follows a dot-separated query path (`meta.title`, `categories.slug`, `layout.heading`) through
 * groups, tabs, arrays, blocks and single-collection relationships to the field it names.
 */
export function resolveFieldPath(payload: Payload, fields: FlattenedField[], path: string): Resolution {
  const segments = path.split('.')
  let current = fields
  for (const [index, segment] of segments.entries()) {
    const isLast = index === segments.length - 1
    const field = current.find((candidate) => candidate.name === segment)
    if (!field) return isLast && SYSTEM_FIELDS.has(segment) ? { kind: 'system' } : { kind: 'unknown' }
    if (isLast) return { kind: 'field', field }
    switch (field.type) {
      case 'group':
      case 'tab':
      case 'array':
        current = field.flattenedFields
        break
      case 'blocks':
        current = field.blocks.flatMap((block) => ('flattenedFields' in block ? block.flattenedFields : []))
        break
      case 'relationship':
      case 'upload': {
        const target = typeof field.relationTo === 'string' ? payload.collections[field.relationTo] : undefined
        if (!target) return { kind: 'open' }
        current = target.config.flattenedFields
        break
      }
      case 'json':
      case 'richText':
      case 'join':
        return { kind: 'open' }
      default:
        return { kind: 'unknown' }
    }
  }
  return { kind: 'unknown' }
}
