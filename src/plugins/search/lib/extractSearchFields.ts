import type { DocumentDescriptions } from '@/lib/DocumentDescription'
import { MAX_BODY_LENGTH } from '../constants'

/** What a search entry stores besides the plugin's own `doc` and `priority`. */
export type SearchFields = {
  title: string
  slug: string | null
  /** Where the website shows the document (as the content model describes it). */
  path: string | null
  /** The document's plain text: a post's excerpt and content, a page's blocks. */
  body: string
  publishedAt: string | null
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

function isoDate(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString()
  return typeof value === 'string' && value ? value : null
}

/** The searchable form of a document, as stored in the `search` collection. */
export function extractSearchFields(describe: DocumentDescriptions, collection: string, doc: Record<string, unknown>): SearchFields {
  const description = describe[collection]
  return {
    title: text(doc.title),
    slug: text(doc.slug) || null,
    path: description?.path(doc) ?? null,
    body: (description?.text(doc) ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_BODY_LENGTH),
    publishedAt: isoDate(doc.publishedAt),
  }
}
