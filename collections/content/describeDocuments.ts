import type { DocumentDescriptions, DescribedDocument } from '@/lib/DocumentDescription'
import { plainTextFromLexical } from '@/lib/plainTextFromLexical'
import { pathOfPageChain } from '@/plugins/nestedPages'
import { PAGES, POSTS } from '../slugs'

/** The slug of the page served at the site's root. */
export const HOME_PAGE_SLUG = 'home'

type Relation = string | { id?: unknown } | null | undefined
type LayoutBlock = { blockType?: string; [field: string]: unknown }

const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const idOf = (value: unknown): string | undefined => {
  const relation = value as Relation
  if (relation && typeof relation === 'object') return typeof relation.id === 'string' ? relation.id : undefined
  return relation || undefined
}
const blocksOf = (doc: DescribedDocument): LayoutBlock[] => (Array.isArray(doc.layout) ? (doc.layout as LayoutBlock[]).filter(Boolean) : [])
const joinWords = (parts: string[]) => parts.filter(Boolean).join(' ').replace(/\s+/g, ' ').trim()

/**
 * The words a visitor reads on a page built from blocks, in order: hero heading and subheading,
 * rich text, media captions, call-to-action heading and text. Link labels, URLs and ids are left out.
 */
export function plainTextFromLayout(layout: unknown): string {
  if (!Array.isArray(layout)) return ''
  return joinWords(
    (layout as LayoutBlock[]).flatMap((block) => {
      switch (block?.blockType) {
        case 'hero':
          return [text(block.heading), text(block.subheading)]
        case 'richText':
          return [plainTextFromLexical(block.content)]
        case 'media':
          return [text(block.caption)]
        case 'callToAction':
          return [text(block.heading), text(block.text)]
        default:
          return []
      }
    }),
  )
}

/**
 * What the website shows of posts and pages, for search, SEO, redirects and live preview: posts
 * live at /posts/<slug>, pages at their full path (/about/team), the home page at /.
 */
export const describeDocuments: DocumentDescriptions = {
  [POSTS]: {
    path: (doc) => (text(doc.slug) ? `/posts/${text(doc.slug)}` : undefined),
    text: (doc) => joinWords([text(doc.excerpt), plainTextFromLexical(doc.content)]),
    summary: (doc) => text(doc.excerpt) || plainTextFromLexical(doc.content),
    image: (doc) => idOf(doc.heroImage),
  },
  [PAGES]: {
    path: (doc) => {
      const slug = text(doc.slug)
      if (!slug) return undefined
      return text(doc.path) || pathOfPageChain([slug], HOME_PAGE_SLUG)
    },
    text: (doc) => plainTextFromLayout(doc.layout),
    summary: (doc) => {
      const blocks = blocksOf(doc)
      const hero = blocks.find((block) => block.blockType === 'hero')
      const richText = blocks.find((block) => block.blockType === 'richText')
      return text(hero?.subheading) || plainTextFromLexical(richText?.content) || text(hero?.heading)
    },
    image: (doc) => {
      for (const block of blocksOf(doc)) {
        const image = idOf(block.blockType === 'hero' ? block.image : block.blockType === 'media' ? block.media : undefined)
        if (image) return image
      }
      return undefined
    },
  },
}
