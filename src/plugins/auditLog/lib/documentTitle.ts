const MAX_TITLE_LENGTH = 200

/** The value of a document's title field (`admin.useAsTitle`) as a short string, at the time of the change. */
export function documentTitle(doc: Record<string, unknown> | null | undefined, useAsTitle: string | undefined): string | null {
  if (!doc) return null
  const value = doc[useAsTitle ?? 'id'] ?? doc.id
  if (value === null || value === undefined || value === '') return null
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  return text.length > MAX_TITLE_LENGTH ? `${text.slice(0, MAX_TITLE_LENGTH - 1)}…` : text
}
