import type { PayloadRequest } from 'payload'

import { PAGES, POSTS, SITE_SETTINGS } from '../../../collections/slugs'
import { frontendPath } from '../../lib/frontendPath'
import { plainTextFromLexical } from '../../lib/plainTextFromLexical'
import { truncateText } from '../../lib/truncateText'

/** The lengths the SEO plugin's checks recommend at most (search engines cut longer ones). */
export const META_TITLE_MAX = 60
export const META_DESCRIPTION_MAX = 150

type Relation = string | { id: string } | null | undefined
type Block = { blockType?: string; heading?: string; subheading?: string; content?: unknown; image?: Relation; media?: Relation }

/** The fields of a post or page the defaults are made from. */
export type SeoSource = {
  title?: string | null
  slug?: string | null
  path?: string | null
  excerpt?: string | null
  content?: unknown
  heroImage?: Relation
  layout?: Block[] | null
}

const relationID = (value: Relation): string | undefined => (value && typeof value === 'object' ? value.id : value || undefined)

export async function readSiteName(req: PayloadRequest): Promise<string> {
  const settings = await req.payload.findGlobal({ slug: SITE_SETTINGS, depth: 0, req }).catch(() => undefined)
  return settings?.siteName || 'Folio'
}

/** "<title> | <site name>", cut to what search engines show. */
export function generateMetaTitle(doc: SeoSource, site: string): string {
  if (!doc.title) return site
  return truncateText(`${doc.title} | ${site}`, META_TITLE_MAX)
}

/** A post's excerpt or the start of its text; a page's hero subheading or the start of its first text block. */
export function generateMetaDescription(collection: string, doc: SeoSource): string {
  if (collection === POSTS) return truncateText(doc.excerpt || plainTextFromLexical(doc.content), META_DESCRIPTION_MAX)
  if (collection === PAGES) {
    const blocks = doc.layout ?? []
    const hero = blocks.find((block) => block.blockType === 'hero')
    const text = blocks.find((block) => block.blockType === 'richText')
    return truncateText(hero?.subheading || plainTextFromLexical(text?.content) || hero?.heading || '', META_DESCRIPTION_MAX)
  }
  return ''
}

/** A post's hero image; a page's first hero or media block image. */
export function generateMetaImage(collection: string, doc: SeoSource): string | undefined {
  if (collection === POSTS) return relationID(doc.heroImage)
  if (collection === PAGES) {
    for (const block of doc.layout ?? []) {
      const image = relationID(block.blockType === 'hero' ? block.image : block.blockType === 'media' ? block.media : undefined)
      if (image) return image
    }
  }
  return undefined
}

export function generateMetaURL(collection: string, doc: SeoSource, frontendURL: string): string {
  return `${frontendURL}${frontendPath(collection, doc) ?? '/'}`
}
