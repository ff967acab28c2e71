type Where = Record<string, unknown>

/** A MongoDB ObjectId, from whichever copy of the driver made it. */
const isObjectId = (value: unknown): value is { toHexString: () => string } =>
  typeof value === 'object' && value !== null && 'toHexString' in value && typeof value.toHexString === 'function'

const asIds = (value: unknown): string[] | undefined => {
  if (Array.isArray(value)) return value.map(String)
  if (typeof value === 'string' || typeof value === 'number') return [String(value)]
  if (isObjectId(value)) return [value.toHexString()]
  return undefined
}

/**
 * The ids a query is limited to, when its `where` holds an `id` equals/in condition at its top
 * level or inside an `and`: whatever else it asks, only those documents can be in its result.
 * Undefined when the query can match any document of the collection.
 */
export function idsOfWhere(where: unknown): string[] | undefined {
  if (!where || typeof where !== 'object') return undefined
  const clause = where as Where
  const id = clause.id as Record<string, unknown> | undefined
  if (id && typeof id === 'object') {
    const ids = asIds(id.equals) ?? asIds(id.in)
    if (ids) return ids
  }
  if (Array.isArray(clause.and)) {
    for (const part of clause.and) {
      const ids = idsOfWhere(part)
      if (ids) return ids
    }
  }
  return undefined
}
