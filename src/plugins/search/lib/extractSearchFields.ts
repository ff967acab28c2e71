import { PAGES, POSTS } from '../../../../collections/slugs'
import { frontendPath } from '../../../lib/frontendPath'
import { plainTextFromLexical } from '../../../lib/plainTextFromLexical'
import { MAX_BODY_LENGTH } from '../constants'
import { plainTextFromLayout } from './plainTextFromLayout'

/** What a search entry stores besides the plugin's own `doc` and `priority`. */
export type SearchFields = {
  title: string
  slug: string | null
  /** Where the website shows the document (see frontendPath). */
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

function bodyOf(collection: string, doc: Record<string, unknown>): string {
  if (collection === POSTS) return [text(doc.excerpt), plainTextFromLexical(doc.content)].filter(Boolean).join(' ')
  if (collection === PAGES) return plainTextFromLayout(doc.layout)
  return ''
}

/** The searchable form of a post or page, as stored in the `search` collection. */
export function extractSearchFields(collection: string, doc: Record<string, unknown>): SearchFields {
  const slug = text(doc.slug) || null
  return {
    title: text(doc.title),
    slug,
    path: frontendPath(collection, { slug, path: text(doc.path) || null }) ?? null,
    body: bodyOf(collection, doc).replace(/\s+/g, ' ').trim().slice(0, MAX_BODY_LENGTH),
    publishedAt: isoDate(doc.publishedAt),
  }
}
