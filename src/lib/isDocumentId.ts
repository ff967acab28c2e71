const OBJECT_ID = /^[0-9a-f]{24}$/i

/** Whether a value can be a MongoDB document id (what the database adapter would accept). */
export function isDocumentId(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID.test(value)
}
