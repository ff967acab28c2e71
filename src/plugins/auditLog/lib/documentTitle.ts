const MAX_TITLE_LENGTH = 200

/** The value of a document's title field (`admin.useAsTitle`) as a short string, at the time of the change. */
export function documentTitle(doc: Record<string, unknown> | null | undefined, useAsTitle: string | undefined): string | null {
  if (!doc) return null
  const value = doc[useAsTitle ?? 'id'] ?? doc.id
  if (value === null || value === undefined || value === '') return null
  // Numbers and booleans read the same in JSON; objects (a relation's id, a date) are written as JSON.
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > MAX_TITLE_LENGTH ? `${text.slice(0, MAX_TITLE_LENGTH - 1)}…` : text
}
