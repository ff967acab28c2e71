import type { DescribedDocument, DocumentDescriptions } from '@/lib/DocumentDescription'
import { truncateText } from '@/lib/truncateText'

/** The lengths the SEO plugin's checks recommend at most (search engines cut longer ones). */
export const META_TITLE_MAX = 60
export const META_DESCRIPTION_MAX = 150

/** "<title> | <site name>", cut to what search engines show. */
export function generateMetaTitle(doc: DescribedDocument, site: string): string {
  const title = typeof doc.title === 'string' ? doc.title : ''
  if (!title) return site
  return truncateText(`${title} | ${site}`, META_TITLE_MAX)
}

/** The document's summary as the content model gives it, cut at a word. */
export function generateMetaDescription(describe: DocumentDescriptions, collection: string, doc: DescribedDocument): string {
  return truncateText(describe[collection]?.summary(doc) ?? '', META_DESCRIPTION_MAX)
}

/** The image that stands for the document, as the content model gives it. */
export function generateMetaImage(describe: DocumentDescriptions, collection: string, doc: DescribedDocument): string | undefined {
  return describe[collection]?.image(doc)
}

export function generateMetaURL(describe: DocumentDescriptions, collection: string, doc: DescribedDocument, frontendURL: string): string {
  return `${frontendURL}${describe[collection]?.path(doc) ?? '/'}`
}
